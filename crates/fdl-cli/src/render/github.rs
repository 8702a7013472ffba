//! GitHub Actions output (`fdl check --format github`): one workflow command per diagnostic,
//! which GitHub shows as an annotation on the pull request's diff.
//!
//! ```text
//! ::error file=flows/order.yaml,line=9,col=15,endLine=9,endColumn=19,title=FDL201 goto-target-missing::`goto` target `Chek` is not a step of this list%0Ahelp: did you mean `Check`?
//! ```
//!
//! Errors are `::error`, warnings `::warning`, hints `::notice`. Lines and columns are 1-based,
//! columns count Unicode characters as in the JSON output, and the end is exclusive (equal to
//! the start for an empty span). Notes and help follow the message on lines of their own
//! (escaped as `%0A`, which GitHub shows as line breaks). A path that could not be checked is
//! `::error file=PATH::message`. The human summary line comes last, as plain log text.

use fdl_check::{Diagnostic, Severity};

use super::{Locator, clamp, sanitize};

/// One workflow command per diagnostic, each on its own line.
pub fn render(path: &str, text: &str, diagnostics: &[Diagnostic]) -> String {
    if diagnostics.is_empty() {
        return String::new();
    }
    let locator = Locator::new(text);
    let file = property(&shown_path(path));
    let mut out = String::new();
    for d in diagnostics {
        let range = clamp(text, d.span);
        let start = locator.line_col(range.start);
        let end = locator.line_col(range.end);
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Hint => "notice",
        };
        let message = d.full_message();
        out.push_str(&format!(
            "::{command} file={file},line={},col={},endLine={},endColumn={},title={}::{}\n",
            start.line,
            start.column,
            end.line,
            end.column,
            property(&format!("{} {}", d.code, d.name)),
            data(&message),
        ));
    }
    out
}

/// The annotation for a path that could not be checked.
pub fn not_checked(path: &str, message: &str) -> String {
    format!(
        "::error file={}::{}\n",
        property(&shown_path(path)),
        data(message)
    )
}

/// Forward slashes on Windows, as GitHub expects repository paths.
fn shown_path(path: &str) -> String {
    if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_owned()
    }
}

/// A command's message: `%`, CR and LF escaped as GitHub requires; other control characters
/// made visible, so a file name cannot end the command or drive the log viewer.
fn data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    sanitize(&out)
}

/// A property value: escaped like the message, and `:` and `,` too, which would otherwise end
/// the value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixtures::{SOURCE, diagnostics};

    #[test]
    fn escaping() {
        assert_eq!(data("100% done\r\nnext"), "100%25 done%0D%0Anext");
        assert_eq!(property("a:b,c%d\ne.yaml"), "a%3Ab%2Cc%25d%0Ae.yaml");
        // Escapes are applied once: `%` first, so `%0A` in the text stays literal.
        assert_eq!(data("%0A"), "%250A");
        assert_eq!(data("e\u{1b}[31m"), "e␛[31m");
    }

    #[test]
    fn one_command_per_diagnostic() {
        let out = render("flows/订单,1.yaml", SOURCE, &diagnostics());
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), diagnostics().len());
        assert_eq!(
            lines[0],
            "::error file=flows/订单%2C1.yaml,line=9,col=15,endLine=9,endColumn=19,\
             title=FDL201 goto-target-missing::`goto` target `Chek` is not a step of this \
             list%0Anote: a `goto` can only name a step of the same `steps` list%0Ahelp: did \
             you mean `Check`?"
        );
        assert!(lines[1].starts_with("::warning file="), "{}", lines[1]);
        assert!(lines[5].starts_with("::notice file="), "{}", lines[5]);
        // The empty span at the end of the file: start and end are the same point.
        assert!(
            lines[4].contains("line=18,col=1,endLine=18,endColumn=1,"),
            "{}",
            lines[4]
        );
        assert_eq!(render("f.yaml", SOURCE, &[]), "");
    }

    #[test]
    fn unreadable_paths() {
        assert_eq!(
            not_checked(
                "flows/a.yaml",
                "not valid UTF-8 (invalid byte at line 1, column 2)"
            ),
            "::error file=flows/a.yaml::not valid UTF-8 (invalid byte at line 1, column 2)\n"
        );
    }
}
