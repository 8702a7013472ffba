//! `fdl check`: collect the files, check them in parallel, print the results in path order.

use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use fdl_check::config::{ConfigError, UNREADABLE_TEXT_RULES};
use fdl_check::{Diagnostic, Level, Rule, RuleLevels, Severity, lookup_rule};
use rayon::prelude::*;

use crate::Status;
use crate::configs;
use crate::inputs::{
    Gathered, Input, Problem, ReadArgs, Source, Unread, describe_io, read_flow, read_stdin,
};
use crate::output::{Output, report_problem, report_warning, use_color, write_stdout};
use crate::render::human::{self, Hidden, HumanOptions};
use crate::render::{Counts, github, json, sarif};

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files and folders to check; `-` reads standard input [default: .]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Also report hints (advice), which are hidden by default
    #[arg(long, conflicts_with = "quiet")]
    pub show_hints: bool,

    /// Exit with status 1 when there are warnings, not only errors
    #[arg(long)]
    pub deny_warnings: bool,

    /// Report only what fails the run (errors, and warnings with --deny-warnings) and the
    /// summary; the summary counts what was hidden
    #[arg(short, long)]
    pub quiet: bool,

    /// Run only these rules (codes or names, comma-separated or repeated); the rules that say
    /// part of a file could not be read or checked (FDL001, FDL003, FDL006, FDL007) always run
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub select: Vec<String>,

    /// Do not run these rules (codes or names, comma-separated or repeated); wins over --select
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub ignore: Vec<String>,

    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, ValueEnum)]
pub enum Format {
    /// Code frames for people, and a summary line
    Human,
    /// One JSON document (structure documented in the README)
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request
    Github,
}

enum Rendered {
    /// Human or GitHub output, written as it comes.
    Text(String),
    Json(json::FileReport),
    Sarif(Vec<sarif::SarifResult>),
}

enum Outcome {
    /// Found in a folder, but not a flow.
    Skipped,
    /// Found in a folder, but left out by `include` or `exclude` of this configuration file.
    Excluded(Option<PathBuf>),
    /// Could not be read or checked; reported on stderr (and in the JSON document).
    Failed(Problem),
    Checked {
        rendered: Rendered,
        /// The diagnostics reported.
        counts: Counts,
        /// Found but not reported (hints without `--show-hints`, or under `--quiet`).
        hidden: Hidden,
    },
}

/// `--select` and `--ignore`, resolved to rules: applied on top of the levels a file would
/// otherwise be checked with.
#[derive(Debug, Default)]
pub struct RuleSelection {
    select: Vec<&'static Rule>,
    ignore: Vec<&'static Rule>,
}

/// Reported even when not selected, and never ignored: they say part of a file could not be
/// read, so nothing there was checked, and such a file must not pass.
fn always_on(rule: &Rule) -> bool {
    UNREADABLE_TEXT_RULES.contains(&rule.code)
}

impl RuleSelection {
    /// The rules named; the error names what was not understood, with a suggestion.
    pub fn parse(select: &[String], ignore: &[String]) -> Result<RuleSelection, String> {
        let lookup = |option: &str, names: &[String]| -> Result<Vec<&'static Rule>, String> {
            names
                .iter()
                .map(|n| {
                    if n.trim().is_empty() {
                        Err(format!("{option} names an empty rule (a stray comma?)"))
                    } else {
                        lookup_rule(n)
                    }
                })
                .collect()
        };
        let selection = RuleSelection {
            select: lookup("--select", select)?,
            ignore: lookup("--ignore", ignore)?,
        };
        if let Some(rule) = selection.ignore.iter().find(|r| always_on(r)) {
            return Err(format!(
                "{} ({}) cannot be ignored: {}",
                rule.code,
                rule.name,
                fdl_check::config::unreadable_reason(rule.code)
            ));
        }
        Ok(selection)
    }

    /// `base` with every rule that is not selected turned off (when some are), selected rules
    /// that `base` turns off back at their default level, and ignored rules off.
    pub fn apply(&self, mut base: RuleLevels) -> RuleLevels {
        if !self.select.is_empty() {
            for rule in fdl_check::RULES {
                let selected = always_on(rule) || self.select.iter().any(|s| s.code == rule.code);
                if !selected {
                    // Cannot fail: the code comes from the registry.
                    let _ = base.set(rule.code, Level::Off);
                } else if base.level(rule.code) == Some(Level::Off) {
                    base.reset(rule);
                }
            }
        }
        for rule in &self.ignore {
            let _ = base.set(rule.code, Level::Off);
        }
        base
    }
}

pub fn run(args: &CheckArgs) -> Status {
    let selection = match RuleSelection::parse(&args.select, &args.ignore) {
        Ok(selection) => selection,
        Err(message) => {
            report_problem(&message);
            return Status::Trouble;
        }
    };

    let Some(Gathered {
        paths,
        inputs,
        problems: mut not_checked,
        stdin_name,
    }) = args.read.gather(&args.paths)
    else {
        return Status::Trouble;
    };
    let stdin_name = stdin_name.as_str();
    let configs = match configs::resolve(&inputs, args.read.config.as_deref()) {
        Ok(resolved) => resolved.configs,
        Err(errors) => {
            for error in &errors {
                report_problem(&format!("{error}"));
            }
            write_config_errors(args.format, &errors);
            return Status::Trouble;
        }
    };

    // Standard input is read once, up front; the parallel stage only sees its text.
    let stdin_text = inputs
        .iter()
        .any(|i| i.source == Source::Stdin)
        .then(|| read_stdin(stdin_name));

    let options = Options {
        selection,
        show_hints: args.show_hints,
        quiet: args.quiet,
        deny_warnings: args.deny_warnings,
        format: args.format,
        human: HumanOptions {
            color: args.format == Format::Human && use_color(args.read.no_color),
        },
    };
    let outcomes: Vec<Outcome> = inputs
        .par_iter()
        .zip(&configs)
        .map(|(input, config)| {
            let input = &input.with_flows_only(args.read.flows_only);
            if !configs::wanted(input, config) {
                return Outcome::Excluded(config.source.clone());
            }
            // The rule levels a file is checked with: its configuration's, with --select and
            // --ignore on top.
            let levels = options.selection.apply(config.rules.clone());
            check_input(input, stdin_text.as_ref(), &options, &levels)
        })
        .collect();

    let mut out = Output::new();
    if args.format == Format::Github {
        for problem in &not_checked {
            out.write(&github::not_checked(&problem.path, &problem.message));
        }
    }
    let mut files = 0;
    let mut files_with_problems = 0;
    let mut counts = Counts::default();
    let mut hidden = Hidden::default();
    let mut json_files = Vec::new();
    let mut sarif_results = Vec::new();
    // Files left out by `include`/`exclude`, and the configuration files that did it.
    let mut excluded = 0;
    let mut excluded_by: Vec<PathBuf> = Vec::new();
    for outcome in outcomes {
        match outcome {
            Outcome::Skipped => {}
            Outcome::Excluded(source) => {
                excluded += 1;
                if let Some(source) = source
                    && !excluded_by.contains(&source)
                {
                    excluded_by.push(source);
                }
            }
            Outcome::Failed(problem) => {
                if args.format == Format::Github {
                    out.write(&github::not_checked(&problem.path, &problem.message));
                }
                // Keep stdout and stderr in path order when both go to a terminal.
                out.flush();
                problem.report();
                not_checked.push(problem);
            }
            Outcome::Checked {
                rendered,
                counts: file_counts,
                hidden: file_hidden,
            } => {
                files += 1;
                if file_counts.total() > 0 {
                    files_with_problems += 1;
                }
                counts.add(file_counts);
                hidden.add(file_hidden);
                match rendered {
                    Rendered::Text(text) => out.write(&text),
                    Rendered::Json(file) => json_files.push(file),
                    Rendered::Sarif(results) => sarif_results.extend(results),
                }
            }
        }
    }
    // Under --flows-only, named files that are not flows are skipped on purpose.
    if files == 0 && not_checked.is_empty() && !args.read.flows_only {
        // Exit 0 with "Checked 0 files" looks like success; most likely a wrong path or an
        // ignore file hides the flows.
        let shown: Vec<_> = paths.iter().map(|p| p.to_string_lossy()).collect();
        if excluded > 0 {
            // Say why, or the flows there seem to have vanished.
            let files = if excluded == 1 {
                "file is"
            } else {
                "files are"
            };
            let by: Vec<_> = excluded_by.iter().map(|p| p.to_string_lossy()).collect();
            report_warning(&format!(
                "no flow files to check in {}: {excluded} {files} left out by `include`/`exclude` in {}",
                shown.join(", "),
                by.join(", ")
            ));
        } else {
            report_warning(&format!("no flow files found in {}", shown.join(", ")));
        }
    }
    let mut trouble = !not_checked.is_empty();
    match args.format {
        // In a GitHub log, the summary is a plain line after the annotations.
        Format::Human | Format::Github => out.write(&human::summary(
            files,
            counts,
            files_with_problems,
            not_checked.len(),
            hidden,
        )),
        Format::Sarif => {
            let unchecked: Vec<sarif::NotChecked<'_>> = not_checked
                .iter()
                .map(|p| sarif::NotChecked {
                    path: &p.path,
                    message: &p.message,
                })
                .collect();
            match sarif::render_log(&sarif::log(sarif_results, &unchecked)) {
                Ok(text) => out.write(&text),
                Err(e) => {
                    report_problem(&format!("could not write the SARIF output: {e}"));
                    trouble = true;
                }
            }
        }
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
    selection: RuleSelection,
    show_hints: bool,
    quiet: bool,
    deny_warnings: bool,
    format: Format,
    human: HumanOptions,
}

impl Options {
    /// Whether a diagnostic is reported: `--quiet` keeps only what fails the run; otherwise
    /// hints need `--show-hints`. A file that could not be read or checked in full is always
    /// reported, even when the configuration makes that a warning, so it never passes silently.
    fn reports(&self, diagnostic: &Diagnostic) -> bool {
        if UNREADABLE_TEXT_RULES.contains(&diagnostic.code) {
            return true;
        }
        match diagnostic.severity {
            Severity::Error => true,
            Severity::Warning => !self.quiet || self.deny_warnings,
            Severity::Hint => !self.quiet && self.show_hints,
        }
    }
}

/// Reads, checks and renders one input. Runs on the rayon pool.
fn check_input(
    input: &Input,
    stdin: Option<&Result<String, Problem>>,
    options: &Options,
    levels: &RuleLevels,
) -> Outcome {
    let name = input.path.to_string_lossy();

    // A bug in the engine or a renderer must cost one file, not the whole run.
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        let text = match read_flow(input, stdin) {
            Ok(text) => text,
            Err(Unread::Skip) => return Outcome::Skipped,
            Err(Unread::Failed(problem)) => return Outcome::Failed(problem),
        };
        let mut diagnostics: Vec<Diagnostic> = fdl_check::check_source_with(&text, levels);
        let found = Counts::of(&diagnostics);
        diagnostics.retain(|d| options.reports(d));
        let counts = Counts::of(&diagnostics);
        let hidden = Hidden {
            warnings: found.warnings - counts.warnings,
            hints: found.hints - counts.hints,
            by_quiet: options.quiet,
        };
        let rendered = match options.format {
            Format::Human => {
                Rendered::Text(human::render(&name, &text, &diagnostics, options.human))
            }
            Format::Github => Rendered::Text(github::render(&name, &text, &diagnostics)),
            Format::Json => Rendered::Json(json::file_report(&name, &text, &diagnostics)),
            Format::Sarif => Rendered::Sarif(sarif::file_results(&name, &text, &diagnostics)),
        };
        Outcome::Checked {
            rendered,
            counts,
            hidden,
        }
    }));
    result.unwrap_or_else(|_| {
        Outcome::Failed(Problem::new(
            &name,
            "internal error: the checker crashed on this file; this is a bug in fdl, please report it",
        ))
    })
}
/// For the machine-readable formats, a document even when a configuration file is broken and
/// nothing was checked, so that a CI step reading it (a SARIF upload) gets a valid one that
/// names the error: no results, and the configuration file as not checked.
fn write_config_errors(format: Format, errors: &[ConfigError]) {
    let entries: Vec<(String, String)> = errors
        .iter()
        .map(|e| {
            let place = e
                .position
                .map(|(line, column)| format!(" (line {line}, column {column})"))
                .unwrap_or_default();
            (
                e.path.to_string_lossy().into_owned(),
                format!(
                    "invalid configuration{place}: {}; no file was checked",
                    e.message
                ),
            )
        })
        .collect();
    let text = match format {
        Format::Human => return,
        Format::Github => entries
            .iter()
            .map(|(path, message)| github::not_checked(path, message))
            .collect(),
        Format::Sarif => {
            let unchecked: Vec<sarif::NotChecked<'_>> = entries
                .iter()
                .map(|(path, message)| sarif::NotChecked { path, message })
                .collect();
            match sarif::render_log(&sarif::log(Vec::new(), &unchecked)) {
                Ok(text) => text,
                Err(e) => {
                    report_problem(&format!("could not write the SARIF output: {e}"));
                    return;
                }
            }
        }
        Format::Json => {
            let report = json::Report {
                version: json::VERSION,
                files: Vec::new(),
                summary: json::Summary::new(0, Counts::default(), entries.len()),
                not_checked: entries
                    .into_iter()
                    .map(|(path, message)| json::NotChecked { path, message })
                    .collect(),
            };
            match json::render_report(&report) {
                Ok(text) => text,
                Err(e) => {
                    report_problem(&format!("could not write the JSON output: {e}"));
                    return;
                }
            }
        }
    };
    // The run is in trouble already: the configuration could not be read.
    let _ = write_stdout(&text);
}
