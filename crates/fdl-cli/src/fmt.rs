//! `fdl fmt`: format flows in place, or show what would change (`--check`, `--diff`).
//!
//! Files are formatted in parallel and reported in path order. A file is only ever replaced
//! whole, by renaming a temporary file over it, and only with text the formatter's guard has
//! accepted (it parses, holds the same data, formats to itself); a file with YAML syntax errors
//! is left alone and its errors are shown.

use std::fmt::Write as _;
use std::fs::{self, OpenOptions};
use std::io::{self, Write as _};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;
use fdl_check::config::FormatSettings;
use fdl_fmt::FormatError;
use rayon::prelude::*;
use similar::{Algorithm, ChangeTag, TextDiff};

use crate::Status;
use crate::configs;
use crate::inputs::{
    Gathered, Input, Problem, ReadArgs, Source, Unread, describe_io, read_flow, read_stdin,
};
use crate::output::{Output, report_problem, report_warning, use_color, use_color_on_stderr};
use crate::render::human::{self, HumanOptions};
use crate::render::sanitize;

#[derive(Args, Debug)]
pub struct FmtArgs {
    /// Files and folders to format; `-` formats standard input to standard output [default: .]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Write nothing; list the files that would change, and exit with status 1 if any would
    #[arg(long)]
    pub check: bool,

    /// Write nothing; print the changes as a unified diff, and exit with status 1 if any
    #[arg(long)]
    pub diff: bool,

    /// Keep keys in the order they are written (by default `type` and `name` come first, then
    /// the other fields in the documented order)
    #[arg(long)]
    pub no_reorder: bool,

    /// Flow sequences and mappings (`[a, b]`, `{a: 1}`) that fit in N columns stay on one line
    /// [default: 80]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub line_width: Option<u16>,

    #[command(flatten)]
    pub read: ReadArgs,
}

/// The formatter's settings for a file, built in this one place: its configuration's
/// `[format]` table, with the command line's options on top.
fn format_options(args: &FmtArgs, config: &FormatSettings) -> fdl_fmt::Options {
    fdl_fmt::Options {
        reorder_keys: config.reorder_keys && !args.no_reorder,
        line_width: args.line_width.map_or(config.line_width, usize::from),
    }
}

/// What the run does with each file.
struct Settings {
    /// Replace changed files (and print standard input formatted); off with `--check`/`--diff`.
    write: bool,
    diff: bool,
    /// `--check`: name each file that would change.
    list: bool,
    /// Colour for the diff (stdout).
    diff_color: bool,
    /// Colour for the syntax errors of refused files (stderr).
    diagnostics_color: bool,
}

/// The result for one file.
struct Formatted {
    /// The text differs from its formatted form.
    changed: bool,
    /// `--diff`: the unified diff, when changed.
    diff: Option<String>,
    /// Standard input without `--check`/`--diff`: the formatted text, to print.
    stdout: Option<String>,
}

enum Outcome {
    /// Found in a folder, but not a flow.
    Skipped,
    Done(Formatted),
    /// Not formatted (or not written): the rendered syntax errors, if any, then the reason.
    Failed {
        diagnostics: String,
        problem: Problem,
    },
}

impl Outcome {
    fn failed(problem: Problem) -> Outcome {
        Outcome::Failed {
            diagnostics: String::new(),
            problem,
        }
    }
}

pub fn run(args: &FmtArgs) -> Status {
    let Some(Gathered {
        paths,
        inputs,
        problems,
        stdin_name,
    }) = args.read.gather(&args.paths)
    else {
        return Status::Trouble;
    };
    let stdin_name = stdin_name.as_str();
    let stdin_only = paths.iter().all(|p| p.as_os_str() == "-");
    let mut failed = problems.len();
    let configs = match configs::resolve(&inputs, args.read.config.as_deref()) {
        Ok(resolved) => resolved.configs,
        Err(errors) => {
            for error in errors {
                report_problem(&error.to_string());
            }
            return Status::Trouble;
        }
    };

    // Standard input is read once, up front; the parallel stage only sees its text.
    let stdin_text = inputs
        .iter()
        .any(|i| i.source == Source::Stdin)
        .then(|| read_stdin(stdin_name));

    let settings = Settings {
        write: !args.check && !args.diff,
        diff: args.diff,
        list: args.check,
        diff_color: args.diff && use_color(args.read.no_color),
        diagnostics_color: use_color_on_stderr(args.read.no_color),
    };
    let outcomes: Vec<(Input, Outcome)> = inputs
        .par_iter()
        .zip(&configs)
        .map(|(input, config)| {
            let input = input.with_flows_only(args.read.flows_only);
            let outcome = if configs::wanted(&input, config) {
                let options = format_options(args, &config.format);
                format_input(&input, stdin_text.as_ref(), &settings, &options)
            } else {
                Outcome::Skipped
            };
            (input, outcome)
        })
        .collect();

    let mut out = Output::new();
    let mut changed = 0;
    let mut unchanged = 0;
    for (input, outcome) in outcomes {
        match outcome {
            Outcome::Skipped => {}
            Outcome::Failed {
                diagnostics,
                problem,
            } => {
                // Keep stdout and stderr in path order when both go to a terminal.
                out.flush();
                let _ = io::stderr().write_all(diagnostics.as_bytes());
                problem.report();
                failed += 1;
            }
            Outcome::Done(file) => {
                if file.changed {
                    changed += 1;
                } else {
                    unchanged += 1;
                }
                if let Some(text) = &file.stdout {
                    out.write(text);
                }
                if let Some(diff) = &file.diff {
                    out.write(diff);
                }
                if file.changed && settings.list {
                    out.flush();
                    let name = sanitize(&input.path.to_string_lossy());
                    let _ = writeln!(io::stderr(), "Would reformat: {name}");
                }
            }
        }
    }
    let mut trouble = failed > 0;
    if let Err(e) = out.finish() {
        report_problem(&format!("could not write the output: {}", describe_io(&e)));
        trouble = true;
    }
    if !stdin_only {
        if changed + unchanged == 0 && failed == 0 {
            // "Formatted 0 files" looks like success; most likely a wrong path or an ignore
            // file hides the flows.
            let shown: Vec<_> = paths.iter().map(|p| p.to_string_lossy()).collect();
            report_warning(&format!("no flow files found in {}", shown.join(", ")));
        }
        let line = summary(settings.write, changed, unchanged, failed);
        let _ = writeln!(io::stderr(), "{line}");
    }

    if trouble {
        Status::Trouble
    } else if changed > 0 && !settings.write {
        Status::Problems
    } else {
        Status::Success
    }
}

/// Reads, formats and (in place) writes one input. Runs on the rayon pool.
fn format_input(
    input: &Input,
    stdin: Option<&Result<String, Problem>>,
    settings: &Settings,
    options: &fdl_fmt::Options,
) -> Outcome {
    let name = input.path.to_string_lossy();

    // A bug in the formatter must cost one file, not the whole run; a panic while writing
    // drops the temporary file, so the original stays as it was.
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        let text = match read_flow(input, stdin) {
            Ok(text) => text,
            Err(Unread::Skip) => return Outcome::Skipped,
            Err(Unread::Failed(problem)) => return Outcome::failed(problem),
        };
        let formatted = match fdl_fmt::format(&text, options) {
            Ok(formatted) => formatted,
            Err(FormatError::Syntax) => {
                return Outcome::Failed {
                    diagnostics: syntax_errors(&name, &text, settings.diagnostics_color),
                    problem: Problem::new(&name, "not formatted: it has YAML syntax errors"),
                };
            }
            Err(FormatError::Guard(reason)) => {
                return Outcome::failed(Problem::new(
                    &name,
                    format!("not formatted: {reason} (this is a bug in fdl, please report it)"),
                ));
            }
        };
        let changed = formatted != text;
        let diff = (settings.diff && changed)
            .then(|| unified_diff(&name, &text, &formatted, settings.diff_color));
        let mut stdout = None;
        if settings.write {
            match input.source {
                Source::Stdin => stdout = Some(formatted),
                Source::File if changed => {
                    if let Err(message) = replace_file(&input.path, &text, &formatted) {
                        return Outcome::failed(Problem::new(&name, message));
                    }
                }
                // An unchanged file is not touched, so its modification time stays.
                Source::File => {}
            }
        }
        Outcome::Done(Formatted {
            changed,
            diff,
            stdout,
        })
    }));
    result.unwrap_or_else(|_| {
        Outcome::failed(Problem::new(
            &name,
            "not formatted: fdl crashed on this file (this is a bug in fdl, please report it)",
        ))
    })
}

/// The YAML-level errors that make the formatter refuse a file (`FormatError::Syntax`): not
/// YAML, a repeated key (which value is meant?), an alias bomb, nesting too deep. A second
/// document (FDL003) and a merge key (FDL005) are formatted around, so they are not shown here
/// unless nothing else explains the refusal.
const SYNTAX_CODES: &[&str] = &["FDL001", "FDL002", "FDL006", "FDL007"];
const OTHER_YAML_CODES: &[&str] = &["FDL003", "FDL005"];

/// The syntax errors of a refused file, drawn as `fdl check` draws them.
fn syntax_errors(name: &str, text: &str, color: bool) -> String {
    let mut diagnostics = fdl_check::check_source(text);
    if diagnostics.iter().any(|d| SYNTAX_CODES.contains(&d.code)) {
        diagnostics.retain(|d| SYNTAX_CODES.contains(&d.code));
    } else {
        diagnostics.retain(|d| OTHER_YAML_CODES.contains(&d.code));
    }
    human::render(name, text, &diagnostics, HumanOptions { color })
}

/// Replaces the file at `path` with `text`: written to a temporary file in the same folder,
/// given the original's permissions (and owner, where allowed), then renamed over it, so the
/// file is at every moment either the old text or the new, never half of each. A symbolic
/// link is followed: the file it points to is replaced and the link stays a link. (A file with
/// several hard links gets a new inode: the other names keep the old text.)
///
/// `original` is the text that was formatted: if the file no longer holds it (saved from an
/// editor meanwhile), it is left alone. Returns the message to report after the path.
fn replace_file(path: &Path, original: &str, text: &str) -> Result<(), String> {
    let not_formatted = |e: io::Error| format!("not formatted: {}", describe_io(&e));
    let metadata = fs::metadata(path).map_err(not_formatted)?;
    // A pipe or a device (`/dev/stdin`, `<(...)`) must not be replaced by a regular file.
    if !metadata.is_file() {
        return Err(
            "not formatted: it is not a regular file (use `fdl fmt -` to format a stream)"
                .to_owned(),
        );
    }
    // Renaming over a read-only file would succeed where writing to it would not (and, for
    // root, writing too): respect the protection.
    if metadata.permissions().readonly() {
        return Err("not formatted: the file is read-only".to_owned());
    }
    let target = fs::canonicalize(path).map_err(not_formatted)?;
    // Nor a file writable by others only (another user's); opening it without truncating
    // changes nothing, not even the modification time.
    OpenOptions::new().write(true).open(&target).map_err(|e| {
        format!(
            "not formatted: cannot write to the file: {}",
            describe_io(&e)
        )
    })?;
    let folder = match target.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".fdl-fmt-")
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(|e| {
            format!(
                "not formatted: cannot create a temporary file in {}: {}",
                folder.display(),
                describe_write_error(&e)
            )
        })?;
    let failed = |e: io::Error| {
        format!(
            "could not write the formatted text: {}; the file is unchanged",
            describe_write_error(&e)
        )
    };
    temp.write_all(text.as_bytes()).map_err(failed)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Best effort: only root may give a file away, and a file of one's own needs nothing.
        let _ =
            std::os::unix::fs::fchown(temp.as_file(), Some(metadata.uid()), Some(metadata.gid()));
    }
    // After the owner: changing it clears the set-user-ID and set-group-ID bits.
    temp.as_file()
        .set_permissions(metadata.permissions())
        .map_err(failed)?;
    // The last moment to notice that someone else wrote the file; on any failure from here on
    // the temporary file is removed when dropped.
    if fs::read(&target).map_err(not_formatted)? != original.as_bytes() {
        return Err(
            "not formatted: the file changed while it was being formatted; run fdl fmt again"
                .to_owned(),
        );
    }
    temp.persist(&target).map_err(|e| failed(e.error))?;
    Ok(())
}

/// An I/O error of the temporary file, without the temporary path that `tempfile` adds to it:
/// the user knows only the file being formatted.
fn describe_write_error(error: &io::Error) -> String {
    let inner = error
        .get_ref()
        .and_then(|inner| inner.source())
        .and_then(|source| source.downcast_ref::<io::Error>());
    describe_io(inner.unwrap_or(error))
}

/// A unified diff with `a/` and `b/` headers, as `git diff` and `patch -p1` read it.
fn unified_diff(name: &str, old: &str, new: &str, color: bool) -> String {
    let name = sanitize(name);
    let [bold, cyan, red, green, reset] = if color {
        ["\x1b[1m", "\x1b[36m", "\x1b[31m", "\x1b[32m", "\x1b[0m"]
    } else {
        [""; 5]
    };
    // Keys moved far apart make the minimal diff slow to find on a large file; past the
    // timeout the diff is still correct, only less compact.
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .timeout(Duration::from_secs(2))
        .diff_lines(old, new);
    let mut out = format!("{bold}--- a/{name}{reset}\n{bold}+++ b/{name}{reset}\n");
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        let _ = writeln!(out, "{cyan}{}{reset}", hunk.header());
        for change in hunk.iter_changes() {
            let (sign, style) = match change.tag() {
                ChangeTag::Delete => ('-', red),
                ChangeTag::Insert => ('+', green),
                ChangeTag::Equal => (' ', ""),
            };
            let line = change.value();
            let line = line.strip_suffix('\n').unwrap_or(line);
            let end = if style.is_empty() { "" } else { reset };
            let _ = writeln!(out, "{style}{sign}{line}{end}");
            if change.missing_newline() {
                out.push_str("\\ No newline at end of file\n");
            }
        }
    }
    out
}

/// The closing line on stderr: `Formatted 3 files (12 already formatted)`, or with `--check`
/// and `--diff`, `3 files would be reformatted (12 already formatted)`.
fn summary(write: bool, changed: usize, unchanged: usize, failed: usize) -> String {
    let files = |n: usize| format!("{n} file{}", if n == 1 { "" } else { "s" });
    let mut line = match (changed, write) {
        (0, _) if unchanged > 0 => format!("{} already formatted", files(unchanged)),
        (0, true) => "No files formatted".to_owned(),
        (0, false) => "No files checked".to_owned(),
        (n, true) => format!("Formatted {}", files(n)),
        (n, false) => format!("{} would be reformatted", files(n)),
    };
    if changed > 0 && unchanged > 0 {
        let _ = write!(line, " ({unchanged} already formatted)");
    }
    if failed > 0 {
        let paths = if failed == 1 { "path" } else { "paths" };
        let _ = write!(
            line,
            "; {failed} {paths} could not be formatted (see the errors above)"
        );
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_meanwhile_is_left_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("flow.yaml");
        fs::write(&path, "edited: meanwhile\n").expect("write");
        let result = replace_file(&path, "as: read\n", "as: formatted\n");
        assert_eq!(
            result,
            Err(
                "not formatted: the file changed while it was being formatted; run fdl fmt again"
                    .to_owned()
            )
        );
        assert_eq!(
            fs::read_to_string(&path).expect("read"),
            "edited: meanwhile\n"
        );
        let names: Vec<_> = fs::read_dir(dir.path()).expect("list").collect();
        assert_eq!(names.len(), 1, "the temporary file is removed");

        replace_file(&path, "edited: meanwhile\n", "as: formatted\n").expect("replace");
        assert_eq!(fs::read_to_string(&path).expect("read"), "as: formatted\n");
    }

    #[test]
    fn summary_lines() {
        assert_eq!(
            summary(true, 3, 12, 0),
            "Formatted 3 files (12 already formatted)"
        );
        assert_eq!(summary(true, 1, 0, 0), "Formatted 1 file");
        assert_eq!(summary(true, 0, 1, 0), "1 file already formatted");
        assert_eq!(summary(true, 0, 0, 0), "No files formatted");
        assert_eq!(
            summary(false, 2, 1, 0),
            "2 files would be reformatted (1 already formatted)"
        );
        assert_eq!(summary(false, 1, 0, 0), "1 file would be reformatted");
        assert_eq!(
            summary(true, 0, 4, 2),
            "4 files already formatted; 2 paths could not be formatted (see the errors above)"
        );
        assert_eq!(
            summary(false, 0, 0, 1),
            "No files checked; 1 path could not be formatted (see the errors above)"
        );
    }

    #[test]
    fn diff_has_git_headers_and_marks_a_missing_final_newline() {
        let diff = unified_diff("a.yaml", "x: 1\ny:  2", "x: 1\ny: 2\n", false);
        assert_eq!(
            diff,
            "--- a/a.yaml\n+++ b/a.yaml\n@@ -1,2 +1,2 @@\n x: 1\n-y:  2\n\\ No newline at end of file\n+y: 2\n"
        );
    }

    #[test]
    fn diff_colours_only_when_asked() {
        let plain = unified_diff("a.yaml", "x:  1\n", "x: 1\n", false);
        assert!(!plain.contains('\x1b'));
        let coloured = unified_diff("a.yaml", "x:  1\n", "x: 1\n", true);
        assert!(coloured.contains("\x1b[31m-x:  1\x1b[0m\n"));
        assert!(coloured.contains("\x1b[32m+x: 1\x1b[0m\n"));
    }

    #[test]
    fn diff_header_shows_control_characters_visibly() {
        let diff = unified_diff("evil\x1b[31m.yaml", "x:  1\n", "x: 1\n", false);
        assert!(!diff.contains('\x1b'), "{diff}");
    }

    #[test]
    fn crlf_lines_keep_their_carriage_return_in_the_diff() {
        let diff = unified_diff("a.yaml", "x:  1\r\n", "x: 1\r\n", false);
        assert!(diff.contains("-x:  1\r\n+x: 1\r\n"), "{diff:?}");
    }
}
