//! Writing to the terminal: problems and warnings on stderr, colour decisions, and a stdout
//! that goes quiet when the reader goes away.

use std::io::{self, IsTerminal, Write};

use crate::Status;
use crate::inputs::describe_io;
use crate::render::sanitize;

/// Writes `error: ...` to stderr, with control characters (from file names) made visible.
pub fn report_problem(message: &str) {
    // Nothing sensible is left to do if stderr itself is gone.
    let _ = writeln!(io::stderr(), "error: {}", sanitize(message));
}

pub fn report_warning(message: &str) {
    let _ = writeln!(io::stderr(), "warning: {}", sanitize(message));
}

/// Colour on a terminal, or when `CLICOLOR_FORCE` or `FORCE_COLOR` is set (to anything but
/// empty or `0`) for CI logs; never with `--no-color` or a non-empty `NO_COLOR`
/// (https://no-color.org), which win.
pub fn use_color(no_color_flag: bool) -> bool {
    let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let forced = |name| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    !no_color_flag
        && !no_color_env
        && (forced("CLICOLOR_FORCE") || forced("FORCE_COLOR") || io::stdout().is_terminal())
}

/// Standard output that goes quiet when the reader goes away (`fdl check | head`).
pub struct Output {
    inner: io::BufWriter<io::StdoutLock<'static>>,
    closed: bool,
    error: Option<io::Error>,
}

impl Output {
    pub fn new() -> Output {
        Output {
            inner: io::BufWriter::new(io::stdout().lock()),
            closed: false,
            error: None,
        }
    }

    pub fn write(&mut self, text: &str) {
        if self.closed {
            return;
        }
        if let Err(e) = self.inner.write_all(text.as_bytes()) {
            self.fail(e);
        }
    }

    pub fn flush(&mut self) {
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

    pub fn finish(mut self) -> io::Result<()> {
        self.flush();
        match self.error.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// [`use_color`] for text written to stderr (the diagnostics `fdl fmt` prints there, where
/// stdout may be a pipe carrying the formatted text).
pub fn use_color_on_stderr(no_color_flag: bool) -> bool {
    let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let forced = |name| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    !no_color_flag
        && !no_color_env
        && (forced("CLICOLOR_FORCE") || forced("FORCE_COLOR") || io::stderr().is_terminal())
}

/// Writes a generated document (`what`: "the schema", "the graph") to `path`, or to standard
/// output when there is none or it is `-`.
pub fn write_to(path: Option<&std::path::Path>, text: &str, what: &str) -> Status {
    match path {
        Some(path) if path.as_os_str() != "-" => match std::fs::write(path, text) {
            Ok(()) => Status::Success,
            Err(e) => {
                report_problem(&format!(
                    "could not write {what} to {}: {}",
                    path.display(),
                    describe_io(&e)
                ));
                Status::Trouble
            }
        },
        _ => write_stdout(text),
    }
}

/// Writes `text` to standard output; a failure is reported and makes the run's status
/// `Trouble`.
pub fn write_stdout(text: &str) -> Status {
    let mut out = Output::new();
    out.write(text);
    match out.finish() {
        Ok(()) => Status::Success,
        Err(e) => {
            report_problem(&format!("could not write the output: {}", describe_io(&e)));
            Status::Trouble
        }
    }
}
