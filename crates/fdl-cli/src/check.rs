//! `fdl check`: collect the files, check them in parallel, print the results in path order.

use std::io::{self, IsTerminal, Read, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Component, Path, PathBuf};

use clap::{Args, ValueEnum};
use fdl_check::{Diagnostic, Severity};
use rayon::prelude::*;

use crate::Status;
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

    /// Do not colour the output (colour is used only on a terminal, and never when NO_COLOR is set)
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

/// Where a file's text comes from.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Source {
    /// The file at `Input::path`.
    File,
    Stdin,
}

#[derive(Debug)]
struct Input {
    /// The path as shown in output and used for ordering; for a file, also the path read
    /// (only a leading `./` is removed, which does not change what it names).
    path: PathBuf,
    source: Source,
    /// Named on the command line (always checked) rather than found by walking a folder
    /// (checked only when it looks like a flow).
    explicit: bool,
}

enum Rendered {
    Human(String),
    Json(json::FileReport),
}

enum Outcome {
    /// Found in a folder, but not a flow.
    Skipped,
    /// Could not be read or checked; the message goes to stderr.
    Failed(String),
    Checked {
        rendered: Rendered,
        counts: Counts,
    },
}

pub fn run(args: &CheckArgs) -> Status {
    let reads_stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if args.stdin_filename.is_some() && !args.paths.is_empty() && !reads_stdin {
        report_problem("--stdin-filename is only used when reading standard input (`-`)");
        return Status::Trouble;
    }
    let stdin_name = args.stdin_filename.as_deref().unwrap_or("<stdin>");

    let (inputs, problems) = collect(args, stdin_name);
    for problem in &problems {
        report_problem(problem);
    }
    let mut not_checked = problems.len();

    // Standard input is read once, up front; the parallel stage only sees its text.
    let stdin_text = inputs.iter().any(|i| i.source == Source::Stdin).then(|| {
        let mut bytes = Vec::new();
        io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| io_message(stdin_name, &e))
            .and_then(|_| decode(stdin_name, bytes))
    });

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
    let mut json_files = Vec::new();
    for outcome in outcomes {
        match outcome {
            Outcome::Skipped => {}
            Outcome::Failed(message) => {
                // Keep stdout and stderr in path order when both go to a terminal.
                out.flush();
                report_problem(&message);
                not_checked += 1;
            }
            Outcome::Checked {
                rendered,
                counts: file_counts,
            } => {
                files += 1;
                if file_counts.total() > 0 {
                    files_with_problems += 1;
                }
                counts.add(file_counts);
                match rendered {
                    Rendered::Human(text) => out.write(&text),
                    Rendered::Json(file) => json_files.push(file),
                }
            }
        }
    }
    let mut trouble = not_checked > 0;
    match args.format {
        Format::Human => out.write(&human::summary(
            files,
            counts,
            files_with_problems,
            not_checked,
        )),
        Format::Json => {
            let report = json::Report {
                version: json::VERSION,
                files: json_files,
                summary: json::Summary::new(files, counts),
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
    stdin: Option<&Result<String, String>>,
    options: &Options,
) -> Outcome {
    let name = input.path.to_string_lossy();
    let text = match input.source {
        Source::Stdin => match stdin {
            Some(Ok(text)) => text.clone(),
            Some(Err(message)) => return Outcome::Failed(message.clone()),
            None => return Outcome::Failed(format!("{name}: standard input was not read")),
        },
        Source::File => match std::fs::read(&input.path) {
            Ok(bytes) => match decode(&name, bytes) {
                Ok(text) => text,
                // Inside a folder a file that is not UTF-8 is still reported: YAML must be
                // UTF-8 here, and silently skipping it would hide a broken flow.
                Err(message) => return Outcome::Failed(message),
            },
            Err(e) => return Outcome::Failed(io_message(&name, &e)),
        },
    };

    // A bug in the engine or a renderer must cost one file, not the whole run.
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        if !input.explicit && !fdl_check::looks_like_flow(&text) {
            return Outcome::Skipped;
        }
        let mut diagnostics: Vec<Diagnostic> = fdl_check::check_source(&text);
        if !options.show_hints {
            diagnostics.retain(|d| d.severity != Severity::Hint);
        }
        let counts = Counts::of(&diagnostics);
        let rendered = match options.format {
            Format::Human => {
                Rendered::Human(human::render(&name, &text, &diagnostics, options.human))
            }
            Format::Json => Rendered::Json(json::file_report(&name, &text, &diagnostics)),
        };
        Outcome::Checked { rendered, counts }
    }));
    result.unwrap_or_else(|_| {
        Outcome::Failed(format!(
            "{name}: internal error: the checker crashed on this file; this is a bug in fdl, please report it"
        ))
    })
}

/// Expands the command line into the sorted, de-duplicated list of inputs, and the problems
/// (missing paths, unreadable folders) met on the way.
fn collect(args: &CheckArgs, stdin_name: &str) -> (Vec<Input>, Vec<String>) {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    let default = [PathBuf::from(if args.stdin_filename.is_some() {
        "-"
    } else {
        "."
    })];
    let paths = if args.paths.is_empty() {
        &default[..]
    } else {
        &args.paths[..]
    };

    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input {
                path: PathBuf::from(stdin_name),
                source: Source::Stdin,
                explicit: true,
            });
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) => problems.push(io_message(&path.to_string_lossy(), &e)),
            Ok(meta) if meta.is_dir() => walk(path, &mut inputs, &mut problems),
            Ok(_) => inputs.push(Input {
                path: display_path(path),
                source: Source::File,
                explicit: true,
            }),
        }
    }

    inputs.sort_by(|a, b| (&a.path, a.source).cmp(&(&b.path, b.source)));
    // The same file named twice, or named and also found in a folder, is checked once; being
    // named wins, so it is checked even if it does not look like a flow.
    inputs.dedup_by(|later, kept| {
        let same = later.path == kept.path && later.source == kept.source;
        if same {
            kept.explicit |= later.explicit;
        }
        same
    });
    (inputs, problems)
}

/// Adds the YAML files under `dir`, honouring `.gitignore` even outside a git repository.
fn walk(dir: &Path, inputs: &mut Vec<Input>, problems: &mut Vec<String>) {
    for entry in ignore::WalkBuilder::new(dir).require_git(false).build() {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && is_yaml(entry.path()) {
                    inputs.push(Input {
                        path: display_path(entry.path()),
                        source: Source::File,
                        explicit: false,
                    });
                }
            }
            Err(e) => match io_error_of(&e) {
                Some((path, io)) => problems.push(io_message(&path, io)),
                // A bad pattern in an ignore file: worth saying, not worth failing the run.
                None => {
                    let _ = writeln!(io::stderr(), "warning: {e}");
                }
            },
        }
    }
}

fn is_yaml(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// The path without leading `./`, so `fdl check` and `fdl check ./x.yaml` print `x.yaml`.
fn display_path(path: &Path) -> PathBuf {
    let mut components = path.components().peekable();
    while components.peek() == Some(&Component::CurDir) {
        components.next();
    }
    let stripped: PathBuf = components.collect();
    if stripped.as_os_str().is_empty() {
        path.to_path_buf()
    } else {
        stripped
    }
}

/// The path and I/O error inside a walker error, if it is one.
fn io_error_of(error: &ignore::Error) -> Option<(String, &io::Error)> {
    let mut path = None;
    let mut error = error;
    loop {
        match error {
            ignore::Error::WithPath { path: p, err } => {
                path.get_or_insert_with(|| p.to_string_lossy().into_owned());
                error = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                error = err;
            }
            ignore::Error::Io(io) => return Some((path.unwrap_or_default(), io)),
            _ => return None,
        }
    }
}

fn decode(name: &str, bytes: Vec<u8>) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{name}: not valid UTF-8 (invalid byte at offset {}); FDL files must be UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}

fn io_message(name: &str, error: &io::Error) -> String {
    format!("{name}: {}", describe_io(error))
}

/// An I/O error in the lower-case style of the other messages.
fn describe_io(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        io::ErrorKind::IsADirectory => "is a directory".to_owned(),
        _ => {
            let text = error.to_string();
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => text,
            }
        }
    }
}

fn report_problem(message: &str) {
    // Nothing sensible is left to do if stderr itself is gone.
    let _ = writeln!(io::stderr(), "error: {message}");
}

/// Colour only on a terminal, and never with `--no-color` or a non-empty `NO_COLOR`
/// (https://no-color.org).
fn use_color(no_color_flag: bool) -> bool {
    let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_color_flag && !no_color_env && io::stdout().is_terminal()
}

/// Standard output that goes quiet when the reader goes away (`fdl check | head`).
struct Output {
    inner: io::BufWriter<io::StdoutLock<'static>>,
    closed: bool,
    error: Option<io::Error>,
}

impl Output {
    fn new() -> Output {
        Output {
            inner: io::BufWriter::new(io::stdout().lock()),
            closed: false,
            error: None,
        }
    }

    fn write(&mut self, text: &str) {
        if self.closed {
            return;
        }
        if let Err(e) = self.inner.write_all(text.as_bytes()) {
            self.fail(e);
        }
    }

    fn flush(&mut self) {
        if !self.closed
            && let Err(e) = self.inner.flush()
        {
            self.fail(e);
        }
    }

    fn fail(&mut self, error: io::Error) {
        self.closed = true;
        if error.kind() != io::ErrorKind::BrokenPipe {
            self.error = Some(error);
        }
    }

    fn finish(mut self) -> io::Result<()> {
        self.flush();
        match self.error.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}
