//! `fdl graph`: draw one flow as Mermaid, Graphviz DOT, SVG or JSON. The graph itself is
//! computed by fdl-graph (the language server shows the same one); this module reads the
//! input, picks the rule levels as `fdl check` would, and writes the result.

use std::io::IsTerminal;
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::Status;
use crate::configs;
use crate::inputs::{Input, Problem, Source, Unread, read_file, read_stdin};
use crate::output::{report_problem, report_warning, write_to};

#[derive(Args, Debug)]
pub struct GraphArgs {
    /// The flow to draw; `-` (or nothing, when input is piped) reads standard input
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    pub format: GraphFormat,

    /// Write to FILE instead of standard output (`-` is standard output)
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// The file name to show for standard input in messages (its folder's fdl.toml applies)
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, ValueEnum)]
pub enum GraphFormat {
    /// A Mermaid flowchart, for Markdown and pull-request descriptions
    Mermaid,
    /// Graphviz DOT, for `dot -Tpng` and other Graphviz tools
    Dot,
    /// A standalone SVG picture, laid out by fdl itself
    Svg,
    /// The graph as JSON, for tools (structure in docs/graph.md)
    Json,
}

pub fn run(args: &GraphArgs) -> Status {
    let reads_stdin = match &args.file {
        Some(path) => path.as_os_str() == "-",
        None => {
            if std::io::stdin().is_terminal() {
                report_problem("name the flow file to draw, or `-` to read it from standard input");
                return Status::Trouble;
            }
            true
        }
    };
    if args.stdin_filename.is_some() && !reads_stdin {
        report_problem("--stdin-filename is only used when reading standard input (`-`)");
        return Status::Trouble;
    }
    let input = if reads_stdin {
        Input {
            path: PathBuf::from(args.stdin_filename.as_deref().unwrap_or("<stdin>")),
            source: Source::Stdin,
            explicit: true,
        }
    } else {
        Input {
            path: args.file.clone().unwrap_or_default(),
            source: Source::File,
            explicit: true,
        }
    };
    let name = input.path.to_string_lossy().into_owned();
    let text = match read(&input, &name) {
        Ok(text) => text,
        Err(problem) => {
            problem.report();
            return Status::Trouble;
        }
    };
    // The same rule levels as `fdl check` uses for this file, so the same steps are marked.
    let levels = match configs::resolve(std::slice::from_ref(&input), None) {
        Ok(resolved) => resolved
            .configs
            .first()
            .map(|c| c.rules.clone())
            .unwrap_or_default(),
        Err(errors) => {
            for error in &errors {
                report_problem(&format!("{error}"));
            }
            return Status::Trouble;
        }
    };

    // A bug in the engine or a renderer must end in a message, not a panic trace.
    let format = args.format;
    let drawn = panic::catch_unwind(AssertUnwindSafe(|| {
        fdl_graph::graph_of(&text, &levels).map(|graph| {
            let rendered = match format {
                GraphFormat::Mermaid => fdl_graph::mermaid::render(&graph),
                GraphFormat::Dot => fdl_graph::dot::render(&graph),
                GraphFormat::Svg => fdl_graph::svg::render(&graph),
                GraphFormat::Json => graph.to_json(),
            };
            (rendered, graph.summary)
        })
    }));
    let (rendered, summary) = match drawn {
        Ok(Ok(drawn)) => drawn,
        Ok(Err(no_graph)) => {
            report_problem(&format!("{name}: {}", no_graph.message));
            return Status::Problems;
        }
        Err(_) => {
            report_problem(&format!(
                "{name}: internal error while drawing the flow (please report it)"
            ));
            return Status::Trouble;
        }
    };
    let status = write_to(args.output.as_deref(), &rendered, "the graph");
    if status == Status::Success && summary.errors + summary.warnings > 0 {
        report_warning(&format!(
            "{name} has {}; the steps concerned are marked in the graph, `fdl check` explains them",
            counted(summary.errors, summary.warnings)
        ));
    }
    status
}

fn read(input: &Input, name: &str) -> Result<String, Problem> {
    match input.source {
        Source::Stdin => read_stdin(name),
        Source::File => read_file(input, name).map_err(|unread| match unread {
            Unread::Failed(problem) => problem,
            // Only files found in folders are skipped; a named file is always read.
            Unread::Skip => Problem::new(name, "the file could not be read as a flow"),
        }),
    }
}

/// "1 error and 2 warnings".
fn counted(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    match (errors, warnings) {
        (0, w) => plural(w, "warning"),
        (e, 0) => plural(e, "error"),
        (e, w) => format!("{} and {}", plural(e, "error"), plural(w, "warning")),
    }
}

#[cfg(test)]
mod tests {
    use super::counted;

    #[test]
    fn counts_read_naturally() {
        assert_eq!(counted(1, 0), "1 error");
        assert_eq!(counted(0, 2), "2 warnings");
        assert_eq!(counted(2, 1), "2 errors and 1 warning");
    }
}
