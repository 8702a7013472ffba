//! `fdl check`: collect the files, check them in parallel, print the results in path order.

use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use fdl_check::{Diagnostic, Severity};
use rayon::prelude::*;

use crate::Status;
use crate::inputs::{Input, Problem, Source, Unread, collect, describe_io, read_file, read_stdin};
use crate::output::{Output, report_problem, report_warning, use_color};
use crate::render::human::{self, HumanOptions};
use crate::render::{Counts, json};

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files and folders to check; `-` reads standard input [default: .]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// The file name to show for standard input (`-`) in messages
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,

    /// Also report hints (advice), which are hidden by default
    #[arg(long)]
    pub show_hints: bool,

    /// Exit with status 1 when there are warnings, not only errors
    #[arg(long)]
    pub deny_warnings: bool,

    /// Do not colour the output (colour is used on a terminal or with CLICOLOR_FORCE or
    /// FORCE_COLOR set, and never when NO_COLOR is set)
    #[arg(long)]
    pub no_color: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, ValueEnum)]
pub enum Format {
    /// Code frames for people, and a summary line
    Human,
    /// One JSON document (structure documented in the README)
    Json,
}

enum Rendered {
    Human(String),
    Json(json::FileReport),
}

enum Outcome {
    /// Found in a folder, but not a flow.
    Skipped,
    /// Could not be read or checked; reported on stderr (and in the JSON document).
    Failed(Problem),
    Checked {
        rendered: Rendered,
        /// The diagnostics reported.
        counts: Counts,
        /// Hints found but not reported (no `--show-hints`).
        hidden_hints: usize,
    },
}

pub fn run(args: &CheckArgs) -> Status {
    let reads_stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if args.stdin_filename.is_some() && !args.paths.is_empty() && !reads_stdin {
        report_problem("--stdin-filename is only used when reading standard input (`-`)");
        return Status::Trouble;
    }
    let stdin_name = args.stdin_filename.as_deref().unwrap_or("<stdin>");

    let paths = given_paths(args);
    let (inputs, mut not_checked) = collect(&paths, stdin_name);
    for problem in &not_checked {
        problem.report();
    }

    // Standard input is read once, up front; the parallel stage only sees its text.
    let stdin_text = inputs
        .iter()
        .any(|i| i.source == Source::Stdin)
        .then(|| read_stdin(stdin_name));

    let options = Options {
        show_hints: args.show_hints,
        format: args.format,
        human: HumanOptions {
            color: args.format == Format::Human && use_color(args.no_color),
        },
    };
    let outcomes: Vec<Outcome> = inputs
        .par_iter()
        .map(|input| check_input(input, stdin_text.as_ref(), &options))
        .collect();

    let mut out = Output::new();
    let mut files = 0;
    let mut files_with_problems = 0;
    let mut counts = Counts::default();
    let mut hidden_hints = 0;
    let mut json_files = Vec::new();
    for outcome in outcomes {
        match outcome {
            Outcome::Skipped => {}
            Outcome::Failed(problem) => {
                // Keep stdout and stderr in path order when both go to a terminal.
                out.flush();
                problem.report();
                not_checked.push(problem);
            }
            Outcome::Checked {
                rendered,
                counts: file_counts,
                hidden_hints: file_hidden_hints,
            } => {
                files += 1;
                if file_counts.total() > 0 {
                    files_with_problems += 1;
                }
                counts.add(file_counts);
                hidden_hints += file_hidden_hints;
                match rendered {
                    Rendered::Human(text) => out.write(&text),
                    Rendered::Json(file) => json_files.push(file),
                }
            }
        }
    }
    if files == 0 && not_checked.is_empty() {
        // Exit 0 with "Checked 0 files" looks like success; most likely a wrong path or an
        // ignore file hides the flows.
        let shown: Vec<_> = paths.iter().map(|p| p.to_string_lossy()).collect();
        report_warning(&format!("no flow files found in {}", shown.join(", ")));
    }
    let mut trouble = !not_checked.is_empty();
    match args.format {
        Format::Human => out.write(&human::summary(
            files,
            counts,
            files_with_problems,
            not_checked.len(),
            hidden_hints,
        )),
        Format::Json => {
            let report = json::Report {
                version: json::VERSION,
                files: json_files,
                summary: json::Summary::new(files, counts, not_checked.len()),
                not_checked: not_checked
                    .into_iter()
                    .map(|p| json::NotChecked {
                        path: p.path,
                        message: p.message,
                    })
                    .collect(),
            };
            match json::render_report(&report) {
                Ok(text) => out.write(&text),
                Err(e) => {
                    report_problem(&format!("could not write the JSON output: {e}"));
                    trouble = true;
                }
            }
        }
    }
    if let Err(e) = out.finish() {
        report_problem(&format!("could not write the output: {}", describe_io(&e)));
        trouble = true;
    }

    if trouble {
        Status::Trouble
    } else if counts.errors > 0 || (args.deny_warnings && counts.warnings > 0) {
        Status::Problems
    } else {
        Status::Success
    }
}

struct Options {
    show_hints: bool,
    format: Format,
    human: HumanOptions,
}
/// Reads, checks and renders one input. Runs on the rayon pool.
fn check_input(
    input: &Input,
    stdin: Option<&Result<String, Problem>>,
    options: &Options,
) -> Outcome {
    let name = input.path.to_string_lossy();

    // A bug in the engine or a renderer must cost one file, not the whole run.
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        let text = match input.source {
            Source::Stdin => match stdin {
                Some(Ok(text)) => text.clone(),
                Some(Err(problem)) => return Outcome::Failed(problem.clone()),
                None => {
                    return Outcome::Failed(Problem::new(&name, "standard input was not read"));
                }
            },
            Source::File => match read_file(input, &name) {
                Ok(text) => text,
                Err(Unread::Skip) => return Outcome::Skipped,
                Err(Unread::Failed(problem)) => return Outcome::Failed(problem),
            },
        };
        if !input.explicit && !fdl_check::looks_like_flow(&text) {
            return Outcome::Skipped;
        }
        let mut diagnostics: Vec<Diagnostic> = fdl_check::check_source(&text);
        let mut hidden_hints = 0;
        if !options.show_hints {
            let before = diagnostics.len();
            diagnostics.retain(|d| d.severity != Severity::Hint);
            hidden_hints = before - diagnostics.len();
        }
        let counts = Counts::of(&diagnostics);
        let rendered = match options.format {
            Format::Human => {
                Rendered::Human(human::render(&name, &text, &diagnostics, options.human))
            }
            Format::Json => Rendered::Json(json::file_report(&name, &text, &diagnostics)),
        };
        Outcome::Checked {
            rendered,
            counts,
            hidden_hints,
        }
    }));
    result.unwrap_or_else(|_| {
        Outcome::Failed(Problem::new(
            &name,
            "internal error: the checker crashed on this file; this is a bug in fdl, please report it",
        ))
    })
}
/// The paths of the command line, or the default: `.`, or `-` when only `--stdin-filename` is
/// given.
fn given_paths(args: &CheckArgs) -> Vec<PathBuf> {
    if args.paths.is_empty() {
        let default = if args.stdin_filename.is_some() {
            "-"
        } else {
            "."
        };
        vec![PathBuf::from(default)]
    } else {
        args.paths.clone()
    }
}
