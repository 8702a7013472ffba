//! fdl-fmt: the FDL formatter.
//!
//! [`format`] gives a flow its canonical shape and guards the result: the output must parse,
//! hold the same YAML data as the input (aliases expanded) and format to itself. Input with
//! YAML syntax errors is refused, never guessed at. [`format_range`] does the same for the
//! steps a byte range touches, for an editor's range formatting.
//!
//! # The style
//!
//! - Two-space indentation. Block lists are indented under their key (`steps:` then
//!   `  - type: ...`), as in the vendor's documentation, and a mapping in a list starts on the
//!   `- ` line. One space after `:` and `-`, one space before a trailing comment, no trailing
//!   spaces, exactly one final line break (none for an empty file).
//! - Blank lines: at most one in a row; those an author put between entries (between steps)
//!   are kept; those at the start of a block or of the file, and at its end, are dropped.
//! - Line breaks: a CRLF file stays CRLF; with mixed endings the first line's wins; a lone `\r`
//!   (old Mac) becomes the file's line break, which YAML reads the same.
//! - Key order ([`Options::reorder_keys`]): each mapping the catalogue knows (the flow, a step
//!   of each kind, a mapping item, a retry or catch rule, a choice branch...) gets the order of
//!   `fdl_model::Context::fields`: `version`, `type`, ... for the flow; `type`, `name`, then the
//!   kind's fields for a step; `target`, `source` for a mapping item. Unknown keys follow, in
//!   their order. A mapping keeps its order when it holds a `<<` merge key or a
//!   `fdl-fmt: off` region, or when reordering would move an alias to the other side of the
//!   anchor it names.
//! - Comments stay with what they annotate. A comment on its own line belongs to what follows
//!   it and moves with it. A comment after code stays after that code (after the closing
//!   bracket when a flow list is split). After the last entry of a block, a comment indented as
//!   that block (or deeper) stays at the end of that block; less indented, it goes to the
//!   enclosing block whose indentation it matches. Own-line comments are re-indented to what
//!   they belong to. The comments above the first key of the file are its header and stay on
//!   top, except those separated from the header by a blank line, which move with that key.
//! - Scalars are copied as written: quotes are never added or removed (`"true"`, `'1'`, `'v1'`
//!   stay strings). Plain and quoted scalars over several lines get their continuation lines
//!   re-indented, which does not change their value. Block scalars (`|`, `>`, any chomping and
//!   indentation indicator) move as a whole: every content line by the same amount, so relative
//!   indentation, trailing spaces and the empty lines `|+` keeps are unchanged.
//! - Flow collections (`[a, b]`, `{a: 1}`) stay flow. One that fits in
//!   [`Options::line_width`] columns (East Asian wide characters count two) and holds no
//!   comment or multi-line scalar goes on one line; otherwise one item per line, the bracket at
//!   the value's indentation:
//!
//!   ```yaml
//!   errors:
//!     [
//!       FC.ResourceThrottled,
//!       FC.ResourceExhausted
//!     ]
//!   ```
//! - Anchors, tags and aliases are kept as written. A byte order mark, `%` directives, `---`
//!   and `...` markers and the comments around them are kept. Of a file with several
//!   documents only the first is formatted; the rest is kept byte for byte.
//! - Constructs without a canonical layout are copied as written, re-indented with their
//!   block: explicit `? ` keys, keys that are lists or mappings, a flow collection holding a
//!   `fdl-fmt` comment. A document whose root is a lone scalar, or whose root list or mapping
//!   starts on the `---` line, is left as it is.
//!
//! # `fdl-fmt: off`
//!
//! An own-line `# fdl-fmt: off` between the entries of a block starts a region left as
//! written: the lines up to the next own-line `# fdl-fmt: on` among the same block's comments
//! are copied exactly (only shifted as a whole when the block's indentation changes), and the
//! entries of that block keep their order. Without a matching `on`, the region runs to the end
//! of the block (at the top level, to the end of the document). The two directive comments are
//! re-indented like any comment. A `# fdl-fmt: off` after code on the same line is an ordinary
//! comment.
//!
//! # Safety
//!
//! Input with YAML errors (invalid YAML, a repeated key, an alias bomb, nesting too deep) gives
//! [`FormatError::Syntax`]. Every result is checked before it is returned: it must parse
//! without new errors, hold the same data (scalars compared by resolved value and tag,
//! mappings as sets of keys when keys are reordered, aliases expanded), have as many comments,
//! and format to itself; a range's result must also format to itself. Otherwise the result is
//! [`FormatError::Guard`] with the reason, and nothing should be written.

mod guard;
mod layout;
mod print;
mod range;
mod source;

use std::ops::Range;

use fdl_model::Context;
use fdl_syntax::{Node, Parsed, SyntaxErrorKind};

use crate::layout::{Id, Layout, Map, id};
use crate::print::Printer;
use crate::source::{Source, newline_of};

/// Formatter settings (`[format]` in `fdl.toml`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Put keys in the catalogue's canonical order (`type`, `name`, then the step kind's
    /// fields); off keeps the author's order.
    pub reorder_keys: bool,
    /// Flow sequences and mappings that fit in this many columns stay on one line.
    pub line_width: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            reorder_keys: true,
            line_width: 80,
        }
    }
}

/// Why a text was not formatted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatError {
    /// The input is not valid YAML; `fdl check` reports why (the caller renders the
    /// diagnostics). Nothing was formatted.
    Syntax,
    /// The formatter's own output failed the safety guard: it did not parse, held other data
    /// than the input, or changed when formatted again. A bug in fdl; the message says which.
    Guard(String),
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormatError::Syntax => {
                f.write_str("the file is not valid YAML, so it was not formatted")
            }
            FormatError::Guard(why) => write!(
                f,
                "the formatter's output failed its safety check, so nothing was changed \
                 (this is a bug in fdl, please report it): {why}"
            ),
        }
    }
}

impl std::error::Error for FormatError {}

/// Formats a whole document. Returns the formatted text (equal to the input when it is
/// already formatted).
pub fn format(text: &str, options: &Options) -> Result<String, FormatError> {
    let parsed = fdl_syntax::parse(text);
    check_syntax(&parsed)?;
    if let Some(normal) = without_lone_cr(text) {
        // A `\r` alone is a line break to YAML: written as the file's line break, the text
        // holds the same data, which the guard checks against the original too.
        let again = fdl_syntax::parse(&normal);
        check_syntax(&again)?;
        if let (Some(a), Some(b)) = (&parsed.root, &again.root) {
            guard::same_data(a, b, true).map_err(|why| {
                FormatError::Guard(format!("a lone `\\r` line break reads differently: {why}"))
            })?;
        } else if parsed.root.is_some() != again.root.is_some() {
            return Err(FormatError::Guard(
                "a lone `\\r` line break reads differently".to_string(),
            ));
        }
        let out = print_document(&normal, &again, options)?;
        guard(&normal, &again, &out, options)?;
        return Ok(out);
    }
    let out = print_document(text, &parsed, options)?;
    guard(text, &parsed, &out, options)?;
    Ok(out)
}

/// The text with every `\r` that is not followed by `\n` replaced by the file's line break,
/// or `None` when there is none.
fn without_lone_cr(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let lone = |i: usize| b[i] == b'\r' && b.get(i + 1) != Some(&b'\n');
    if !text.match_indices('\r').any(|(i, _)| lone(i)) {
        return None;
    }
    let nl = newline_of(text);
    let mut out = String::with_capacity(text.len() + 16);
    let mut last = 0;
    for (i, _) in text.match_indices('\r') {
        if lone(i) {
            out.push_str(&text[last..i]);
            out.push_str(nl);
            last = i + 1;
        }
    }
    out.push_str(&text[last..]);
    Some(out)
}

/// True when every plain one-line scalar reads, at its span, as its value: the positions the
/// printer copies text from are right.
fn spans_match(text: &str, root: &Node) -> bool {
    let mut ok = true;
    root.walk(|n| {
        if let Some(s) = n.as_scalar()
            && ok
            && n.alias_of.is_none()
            && s.style == fdl_syntax::ScalarStyle::Plain
            && !n.span.is_empty()
        {
            // (A plain scalar over several lines reads differently: it is folded.)
            if let Some(raw) = text.get(n.span.range())
                && !raw.contains('\n')
            {
                ok = raw == s.value;
            } else if text.get(n.span.range()).is_none() {
                ok = false;
            }
        }
    });
    ok
}

/// One replacement of a byte range of the original text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replacement {
    pub range: Range<usize>,
    pub text: String,
}

/// Formats only the part of the document that `range` touches (the steps that overlap it, or
/// the smallest enclosing block), for an editor's range formatting. `None` when nothing in the
/// range changes.
pub fn format_range(
    text: &str,
    range: Range<usize>,
    options: &Options,
) -> Result<Option<Replacement>, FormatError> {
    range::format_range(text, range, options)
}

/// Errors that leave a document formattable: a `<<` merge key (printed as written) and a
/// second document (kept as written after the first).
fn tolerated(kind: &SyntaxErrorKind) -> bool {
    matches!(
        kind,
        SyntaxErrorKind::MergeKey | SyntaxErrorKind::MultipleDocuments
    )
}

fn check_syntax(parsed: &Parsed) -> Result<(), FormatError> {
    if parsed.errors.iter().any(|e| !tolerated(&e.kind)) {
        return Err(FormatError::Syntax);
    }
    Ok(())
}

/// The context (flow, step kind, mapping item...) of every mapping the model knows, which
/// decides its canonical key order.
fn contexts(root: Option<&Node>, options: &Options) -> Map<Id, Context> {
    match root {
        Some(root) if options.reorder_keys => fdl_model::build(root)
            .objects
            .iter()
            .map(|o| (id(o.node), o.context))
            .collect(),
        _ => Map::default(),
    }
}

/// Prints the document without checking the result.
fn print_document(text: &str, parsed: &Parsed, options: &Options) -> Result<String, FormatError> {
    if let Some(root) = &parsed.root
        && !spans_match(text, root)
    {
        return Err(FormatError::Guard(
            "the positions the YAML parser gave do not match the text, so the file cannot be \
             formatted safely"
                .to_string(),
        ));
    }
    let src = Source::new(text);
    let contexts = contexts(parsed.root.as_ref(), options);
    let lay = Layout::new(&src, parsed, &contexts, options.reorder_keys);
    let printer = Printer::new(&lay, newline_of(text), options.line_width);
    match printer.document(parsed.root.as_ref()) {
        Some((out, 0)) => Ok(out),
        Some((_, lost)) => Err(FormatError::Guard(format!(
            "{lost} comment(s) would have been dropped"
        ))),
        None => Ok(text.to_string()),
    }
}

/// The safety guard: `out` parses without new errors, holds the same data and the same
/// number of comments as the input, and formats to itself.
fn guard(text: &str, parsed: &Parsed, out: &str, options: &Options) -> Result<(), FormatError> {
    if out == text {
        return Ok(());
    }
    let again = fdl_syntax::parse(out);
    check_output(parsed, &again, out, options)?;
    let twice = print_document(out, &again, options)?;
    if twice != out {
        let line = out
            .lines()
            .zip(twice.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| out.lines().count().min(twice.lines().count()))
            + 1;
        return Err(FormatError::Guard(format!(
            "formatting the result again changes it (from line {line} of the result)"
        )));
    }
    Ok(())
}

/// Checks that `again` (the parse of the formatted text `out`) is valid and holds the same
/// data and comments as `parsed`.
fn check_output(
    parsed: &Parsed,
    again: &Parsed,
    out: &str,
    options: &Options,
) -> Result<(), FormatError> {
    let had = |k: &SyntaxErrorKind| parsed.errors.iter().any(|e| &e.kind == k);
    if let Some(e) = again
        .errors
        .iter()
        .find(|e| !(tolerated(&e.kind) && had(&e.kind)))
    {
        let line = out[..e.span.start.min(out.len())].matches('\n').count() + 1;
        return Err(FormatError::Guard(format!(
            "the result is not valid YAML: {} (line {line} of the result)",
            e.message
        )));
    }
    match (&parsed.root, &again.root) {
        (None, None) => {}
        (Some(a), Some(b)) => guard::same_data(a, b, !options.reorder_keys).map_err(|why| {
            FormatError::Guard(format!("the result holds other data than the input: {why}"))
        })?,
        _ => {
            return Err(FormatError::Guard(
                "the result holds other data than the input: the document appeared or vanished"
                    .to_string(),
            ));
        }
    }
    if parsed.comments.len() != again.comments.len() {
        return Err(FormatError::Guard(format!(
            "the input has {} comments but the result has {}",
            parsed.comments.len(),
            again.comments.len()
        )));
    }
    Ok(())
}
