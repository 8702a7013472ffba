//! `fdl check`: collect the files, check them in parallel, print the results in path order.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Component, Path, PathBuf};

use clap::{Args, ValueEnum};
use fdl_check::{Diagnostic, Severity};
use rayon::prelude::*;

use crate::Status;
use crate::render::human::{self, HumanOptions};
use crate::render::{Counts, Locator, json, sanitize};

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

/// A path that could not be read or checked.
#[derive(Clone, Debug)]
struct Problem {
    /// As shown in output, unsanitised (JSON escapes it itself).
    path: String,
    message: String,
}

impl Problem {
    fn new(path: &str, message: impl Into<String>) -> Problem {
        Problem {
            path: path.to_owned(),
            message: message.into(),
        }
    }

    fn io(path: &str, error: &io::Error) -> Problem {
        Problem::new(path, describe_io(error))
    }

    fn report(&self) {
        report_problem(&format!("{}: {}", self.path, self.message));
    }
}

/// Bytes read at most from one file or from standard input: reading stops after one more, so
/// `fdl check /dev/zero` ends. Far above what the service accepts for a flow (1 MiB), so only
/// something that is not a flow definition is refused.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

const TOO_BIG: &str = "the file is larger than 64 MiB; a flow definition is at most 1 MiB (the service's request limit)";

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

fn read_stdin(name: &str) -> Result<String, Problem> {
    let bytes = read_limited(io::stdin().lock()).map_err(|e| Problem::io(name, &e))?;
    if too_big(&bytes) {
        return Err(Problem::new(name, TOO_BIG));
    }
    decode(bytes).map_err(|bad| Problem::new(name, bad.message))
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
                Err(outcome) => return outcome,
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

/// The text of a file, or the outcome instead: an error, or a skip for a file found in a folder
/// that cannot be read as UTF-8 text (or is too large) and does not look like a flow either.
fn read_file(input: &Input, name: &str) -> Result<String, Outcome> {
    let bytes = File::open(&input.path)
        .and_then(read_limited)
        .map_err(|e| Outcome::Failed(Problem::io(name, &e)))?;
    let failed = |message| Err(Outcome::Failed(Problem::new(name, message)));
    let (message, lossy) = if too_big(&bytes) {
        if input.explicit {
            return failed(TOO_BIG.to_owned());
        }
        (
            TOO_BIG.to_owned(),
            decode(bytes).unwrap_or_else(|bad| bad.lossy),
        )
    } else {
        match decode(bytes) {
            Ok(text) => return Ok(text),
            Err(bad) => (bad.message, bad.lossy),
        }
    };
    // In a folder, a YAML file in another encoding (a Latin-1 translation) or of that size
    // (data) is most likely not a flow, and must not fail the run; one that looks like a flow
    // must not be skipped silently.
    if input.explicit || fdl_check::looks_like_flow(&lossy) {
        failed(message)
    } else {
        Err(Outcome::Skipped)
    }
}

/// Reads at most `MAX_BYTES + 1` bytes: one more than allowed tells that there is more.
fn read_limited(reader: impl Read) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.take(MAX_BYTES + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn too_big(bytes: &[u8]) -> bool {
    bytes.len() as u64 > MAX_BYTES
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

/// Expands the paths into the sorted, de-duplicated list of inputs, and the problems (missing
/// paths, unreadable folders) met on the way.
fn collect(paths: &[PathBuf], stdin_name: &str) -> (Vec<Input>, Vec<Problem>) {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
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
            Err(e) => problems.push(Problem::io(&path.to_string_lossy(), &e)),
            Ok(meta) if meta.is_dir() => walk(path, &mut inputs, &mut problems),
            Ok(_) => inputs.push(Input {
                path: display_path(path),
                source: Source::File,
                explicit: true,
            }),
        }
    }

    // The same file named twice, under two spellings (`a/b`, `$PWD/a/b`, `. ..`), or named and
    // also found in a folder, is checked once, under the first spelling met; being named wins,
    // so it is checked even if it does not look like a flow.
    let mut unique: Vec<Input> = Vec::with_capacity(inputs.len());
    let mut seen: HashMap<Option<PathBuf>, usize> = HashMap::new();
    for input in inputs {
        let key = match input.source {
            Source::Stdin => None,
            // A path without a canonical form (a pipe from `<(...)`) is its own identity.
            Source::File => {
                Some(std::fs::canonicalize(&input.path).unwrap_or_else(|_| input.path.clone()))
            }
        };
        match seen.get(&key) {
            Some(&at) => unique[at].explicit |= input.explicit,
            None => {
                seen.insert(key, unique.len());
                unique.push(input);
            }
        }
    }
    unique.sort_by(|a, b| (&a.path, a.source).cmp(&(&b.path, b.source)));
    (unique, problems)
}

/// Adds the YAML files under `dir`, honouring ignore files.
fn walk(dir: &Path, inputs: &mut Vec<Input>, problems: &mut Vec<Problem>) {
    // Inside a git work tree, git's rules: `.gitignore` files count from the repository root
    // down, never above it. Outside any repository the walked folders' own `.gitignore` files
    // still count (an un-initialised project expects them), but none above `dir`: a stray
    // `*.yaml` in a parent folder must not hide the flows asked for.
    let in_git = in_git_work_tree(dir);
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(in_git)
        .parents(in_git)
        .build();
    for entry in walker {
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
                Some((path, io)) => {
                    let path = path.unwrap_or_else(|| dir.to_string_lossy().into_owned());
                    problems.push(Problem::io(&path, io));
                }
                // A bad pattern in an ignore file: worth saying, not worth failing the run.
                None => report_warning(&e.to_string()),
            },
        }
    }
}

/// Whether `dir` or a folder above it holds `.git` (a folder, or a file in a linked work tree
/// or submodule), as the walker itself decides it.
fn in_git_work_tree(dir: &Path) -> bool {
    std::fs::canonicalize(dir)
        .is_ok_and(|dir| dir.ancestors().any(|folder| folder.join(".git").exists()))
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

/// The path (if any) and I/O error inside a walker error, if it is one.
fn io_error_of(error: &ignore::Error) -> Option<(Option<String>, &io::Error)> {
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
            ignore::Error::Io(io) => return Some((path, io)),
            _ => return None,
        }
    }
}

/// Bytes that are not UTF-8 text.
struct NotUtf8 {
    /// What is wrong, without the path.
    message: String,
    /// The text as well as it can be read, to decide whether it is a flow at all.
    lossy: String,
}

fn decode(bytes: Vec<u8>) -> Result<String, NotUtf8> {
    if let Some((encoding, lossy)) = other_unicode(&bytes) {
        return Err(NotUtf8 {
            message: format!(
                "the file is {encoding} (it starts with a {encoding} byte order mark); save it as UTF-8"
            ),
            lossy,
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let offset = e.utf8_error().valid_up_to();
        let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
        let at = Locator::new(valid).line_col(valid.len());
        NotUtf8 {
            message: format!(
                "not valid UTF-8 (invalid byte at line {}, column {}, offset {offset}); FDL files must be UTF-8",
                at.line, at.column
            ),
            lossy: String::from_utf8_lossy(bytes).into_owned(),
        }
    })
}

/// The encoding named by a UTF-16 or UTF-32 byte order mark, and the text decoded with it.
fn other_unicode(bytes: &[u8]) -> Option<(&'static str, String)> {
    // UTF-32 first: its little-endian mark starts with the UTF-16 one.
    if let Some(rest) = bytes.strip_prefix(&[0xff, 0xfe, 0, 0]) {
        return Some(("UTF-32", utf32(rest, u32::from_le_bytes)));
    }
    if let Some(rest) = bytes.strip_prefix(&[0, 0, 0xfe, 0xff]) {
        return Some(("UTF-32", utf32(rest, u32::from_be_bytes)));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xff, 0xfe]) {
        return Some(("UTF-16", utf16(rest, u16::from_le_bytes)));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        return Some(("UTF-16", utf16(rest, u16::from_be_bytes)));
    }
    None
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

fn utf32(bytes: &[u8], unit: fn([u8; 4]) -> u32) -> String {
    bytes
        .chunks_exact(4)
        .map(|c| {
            char::from_u32(unit([c[0], c[1], c[2], c[3]])).unwrap_or(char::REPLACEMENT_CHARACTER)
        })
        .collect()
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

/// Writes `error: ...` to stderr, with control characters (from file names) made visible.
fn report_problem(message: &str) {
    // Nothing sensible is left to do if stderr itself is gone.
    let _ = writeln!(io::stderr(), "error: {}", sanitize(message));
}

fn report_warning(message: &str) {
    let _ = writeln!(io::stderr(), "warning: {}", sanitize(message));
}

/// Colour on a terminal, or when `CLICOLOR_FORCE` or `FORCE_COLOR` is set (to anything but
/// empty or `0`) for CI logs; never with `--no-color` or a non-empty `NO_COLOR`
/// (https://no-color.org), which win.
fn use_color(no_color_flag: bool) -> bool {
    let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let forced = |name| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    !no_color_flag
        && !no_color_env
        && (forced("CLICOLOR_FORCE") || forced("FORCE_COLOR") || io::stdout().is_terminal())
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
