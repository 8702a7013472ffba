//! Finding and reading the files a subcommand works on: folders walked with git-like ignore
//! rules, duplicates removed, sizes capped, encodings other than UTF-8 named.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use crate::output::{report_problem, report_warning};
use crate::render::Locator;

/// Where a file's text comes from.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Source {
    /// The file at `Input::path`.
    File,
    Stdin,
}

#[derive(Clone, Debug)]
pub struct Input {
    /// The path as shown in output and used for ordering; for a file, also the path read
    /// (only a leading `./` is removed, which does not change what it names).
    pub path: PathBuf,
    pub source: Source,
    /// Named on the command line (always checked) rather than found by walking a folder
    /// (checked only when it looks like a flow).
    pub explicit: bool,
}

impl Input {
    /// The input as `--flows-only` sees it: a named file is treated as if found in a folder
    /// (worked on only when it looks like a flow); standard input is always an explicit
    /// request.
    pub fn with_flows_only(&self, flows_only: bool) -> Input {
        Input {
            explicit: self.explicit && !(flows_only && self.source == Source::File),
            ..self.clone()
        }
    }
}

/// A path that could not be read or checked.
#[derive(Clone, Debug)]
pub struct Problem {
    /// As shown in output, unsanitised (JSON escapes it itself).
    pub path: String,
    pub message: String,
}

impl Problem {
    pub fn new(path: &str, message: impl Into<String>) -> Problem {
        Problem {
            path: path.to_owned(),
            message: message.into(),
        }
    }

    pub fn io(path: &str, error: &io::Error) -> Problem {
        Problem::new(path, describe_io(error))
    }

    pub fn report(&self) {
        report_problem(&format!("{}: {}", self.path, self.message));
    }
}

/// Bytes read at most from one file or from standard input (see `fdl_check::MAX_TEXT_BYTES`).
const MAX_BYTES: u64 = fdl_check::MAX_TEXT_BYTES as u64;

pub fn read_stdin(name: &str) -> Result<String, Problem> {
    let bytes = read_limited(io::stdin().lock()).map_err(|e| Problem::io(name, &e))?;
    if too_big(&bytes) {
        return Err(Problem::new(name, fdl_check::TOO_LARGE));
    }
    decode(bytes).map_err(|bad| Problem::new(name, bad.message))
}

/// Why a file's text is not there.
pub enum Unread {
    /// Found in a folder and unreadable as UTF-8 text (or too large), and not a flow either.
    Skip,
    Failed(Problem),
}

/// The text of a flow to work on: standard input's (read once, up front, by the caller) or the
/// file's; a file found in a folder that does not look like a flow is skipped.
pub fn read_flow(input: &Input, stdin: Option<&Result<String, Problem>>) -> Result<String, Unread> {
    let name = input.path.to_string_lossy();
    let text = match input.source {
        Source::Stdin => match stdin {
            Some(Ok(text)) => text.clone(),
            Some(Err(problem)) => return Err(Unread::Failed(problem.clone())),
            None => {
                return Err(Unread::Failed(Problem::new(
                    &name,
                    "standard input was not read",
                )));
            }
        },
        Source::File => read_file(input, &name)?,
    };
    if !input.explicit && !fdl_check::looks_like_flow(&text) {
        return Err(Unread::Skip);
    }
    Ok(text)
}

/// The text of a file, or the outcome instead: an error, or a skip for a file found in a folder
/// that cannot be read as UTF-8 text (or is too large) and does not look like a flow either.
pub fn read_file(input: &Input, name: &str) -> Result<String, Unread> {
    let bytes = File::open(&input.path)
        .and_then(read_limited)
        .map_err(|e| Unread::Failed(Problem::io(name, &e)))?;
    let failed = |message| Err(Unread::Failed(Problem::new(name, message)));
    let (message, lossy) = if too_big(&bytes) {
        if input.explicit {
            return failed(fdl_check::TOO_LARGE.to_owned());
        }
        (
            fdl_check::TOO_LARGE.to_owned(),
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
        Err(Unread::Skip)
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

/// The options `fdl check` and `fdl fmt` share: how standard input is named, which files
/// named on the command line are taken, which configuration applies, and colour.
#[derive(clap::Args, Debug)]
pub struct ReadArgs {
    /// The file name to show for standard input (`-`) in messages (its folder's fdl.toml
    /// applies)
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,

    /// Take a file named on the command line only when it looks like a flow, as files found
    /// in folders are (for pre-commit and other tools that pass every YAML file)
    #[arg(long)]
    pub flows_only: bool,

    /// Use this configuration file for every file, instead of the nearest fdl.toml found by
    /// walking up from each file's folder
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Do not colour the output (colour is used on a terminal or with CLICOLOR_FORCE or
    /// FORCE_COLOR set, and never when NO_COLOR is set)
    #[arg(long)]
    pub no_color: bool,
}

/// What a command reads: the paths (as given, or the default), their inputs, the problems
/// met while listing them (already reported), and the name shown for standard input.
pub struct Gathered {
    pub paths: Vec<PathBuf>,
    pub inputs: Vec<Input>,
    pub problems: Vec<Problem>,
    pub stdin_name: String,
}

impl ReadArgs {
    /// Lists the inputs of `paths` (`.` when there are none, or `-` with --stdin-filename),
    /// reporting each problem met. `None`, after saying why, when --stdin-filename is given
    /// but standard input is not read.
    pub fn gather(&self, paths: &[PathBuf]) -> Option<Gathered> {
        let reads_stdin = paths.iter().any(|p| p.as_os_str() == "-");
        if self.stdin_filename.is_some() && !paths.is_empty() && !reads_stdin {
            report_problem("--stdin-filename is only used when reading standard input (`-`)");
            return None;
        }
        let stdin_name = self.stdin_filename.as_deref().unwrap_or("<stdin>");
        let paths = match (paths.is_empty(), self.stdin_filename.is_some()) {
            (false, _) => paths.to_vec(),
            (true, true) => vec![PathBuf::from("-")],
            (true, false) => vec![PathBuf::from(".")],
        };
        let (inputs, problems) = collect(&paths, stdin_name);
        for problem in &problems {
            problem.report();
        }
        Some(Gathered {
            paths,
            inputs,
            problems,
            stdin_name: stdin_name.to_string(),
        })
    }
}

/// Expands the paths into the sorted, de-duplicated list of inputs, and the problems (missing
/// paths, unreadable folders) met on the way.
pub fn collect(paths: &[PathBuf], stdin_name: &str) -> (Vec<Input>, Vec<Problem>) {
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
pub fn describe_io(error: &io::Error) -> String {
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
