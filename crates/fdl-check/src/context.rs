//! The state of one check run: the text, the syntax errors, and the diagnostics reported.

use std::cell::OnceCell;
use std::collections::HashSet;

use fdl_syntax::{Entry, Node, ScalarStyle, Span};

use crate::{Diagnostic, Edit, Fix, Label, Severity, find_rule};

pub(crate) struct Checker<'t> {
    pub text: &'t str,
    pub diagnostics: Vec<Diagnostic>,
    /// Text that YAML error recovery could not read, and the positions of syntax errors:
    /// complaints that something is missing from a mapping next to them are consequences of
    /// the broken text, not news.
    unreadable: Vec<Span>,
    /// Step names written in unreadable text, computed on first use.
    lost_names: OnceCell<HashSet<String>>,
}

impl<'t> Checker<'t> {
    pub fn new(text: &'t str) -> Self {
        Checker {
            text,
            diagnostics: Vec::new(),
            unreadable: Vec::new(),
            lost_names: OnceCell::new(),
        }
    }

    pub fn note_unreadable(&mut self, span: Span) {
        self.unreadable.push(span);
    }

    /// True when unreadable text lies inside the node or right after it, up to the end of
    /// the next line (where recovery may have removed its last fields).
    pub fn touches_syntax_error(&self, node: &Node) -> bool {
        if self.unreadable.is_empty() {
            return false;
        }
        let end = node.span.end.min(self.text.len());
        let after = self.text[end..]
            .match_indices('\n')
            .nth(1)
            .map_or(self.text.len(), |(i, _)| end + i);
        self.unreadable
            .iter()
            .any(|u| u.start <= after && u.end >= node.span.start)
    }

    /// True when text that error recovery could not read holds a `name: <name>` line: the
    /// step of that name may have been lost with it, so a `goto` to it is not news.
    pub fn name_lost_in_unreadable_text(&self, name: &str) -> bool {
        self.lost_names
            .get_or_init(|| {
                let mut names = HashSet::new();
                for span in &self.unreadable {
                    let text = self.text.get(span.range()).unwrap_or_default();
                    for line in text.lines() {
                        // `name:` as a key: at the start of the line, after `- `, `{` or `,`.
                        let Some(at) = line.match_indices("name").map(|(i, _)| i).find(|&i| {
                            line[..i].trim_end().is_empty()
                                || line[..i].trim_end().ends_with(['-', '{', ','])
                        }) else {
                            continue;
                        };
                        let Some(value) = line[at + 4..].trim_start().strip_prefix(':') else {
                            continue;
                        };
                        let value = value.split(" #").next().unwrap_or_default().trim();
                        let value = value.trim_matches(|c| c == '"' || c == '\'');
                        if !value.is_empty() {
                            names.insert(value.to_string());
                        }
                    }
                }
                names
            })
            .contains(name)
    }

    /// Reports a diagnostic of the rule `code`; returns it so the caller can add labels,
    /// notes, help and fixes.
    pub fn report(
        &mut self,
        code: &'static str,
        span: Span,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let (name, severity) =
            find_rule(code).map_or(("unknown-rule", Severity::Error), |r| (r.name, r.severity));
        self.diagnostics
            .push(Diagnostic::new(code, name, severity, message, span));
        self.diagnostics.last_mut().expect("just pushed")
    }

    /// A value for a message: a scalar as written (quotes included, so `"8"` visibly is a
    /// string), else its type ("a list").
    pub fn shown(&self, node: &Node) -> String {
        match node.as_scalar() {
            Some(_) if !node.span.is_empty() => quote(self.slice(node.span)),
            _ => node.type_name().to_string(),
        }
    }

    /// Reports `message` at a misspelt scalar (`word`), with "did you mean" and a fix when
    /// there is a `suggestion`; the fix is safe when only the letter case differs.
    pub fn report_misspelt(
        &mut self,
        code: &'static str,
        node: &Node,
        word: &str,
        mut message: String,
        suggestion: Option<&str>,
    ) -> &mut Diagnostic {
        if let Some(s) = suggestion {
            message.push_str(&format!(": did you mean `{s}`?"));
        }
        let d = self.report(code, node.span, message);
        if let Some(s) = suggestion {
            d.replace_scalar(node, s, s.eq_ignore_ascii_case(word));
        }
        d
    }

    /// The source text of a span.
    pub fn slice(&self, span: Span) -> &'t str {
        self.text.get(span.range()).unwrap_or_default()
    }

    /// An edit deleting a whole `key: value` entry when it stands alone on its line(s) in
    /// block style; `None` otherwise (flow style, or the first key of a `- ` item).
    pub fn remove_entry_edit(&self, entry: &Entry) -> Option<Edit> {
        let text = self.text;
        let start = entry.key.span.start;
        // Only spaces may stand before the key: scan back over those alone, so that findings
        // on one long line do not each walk back to its start.
        let line_start = start
            - text[..start]
                .bytes()
                .rev()
                .take_while(|&b| b == b' ')
                .count();
        if line_start > 0 && text.as_bytes()[line_start - 1] != b'\n' {
            return None;
        }
        let end = entry.value.span.end.max(entry.key.span.end);
        let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
        let tail = text[end..line_end].trim();
        if !(tail.is_empty() || tail.starts_with('#')) {
            return None;
        }
        Some(Edit {
            span: Span::new(line_start, line_end),
            replacement: String::new(),
        })
    }
}

impl Diagnostic {
    pub(crate) fn label(&mut self, span: Span, message: impl Into<String>) -> &mut Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }
    pub(crate) fn note(&mut self, note: impl Into<String>) -> &mut Self {
        self.notes.push(note.into());
        self
    }
    pub(crate) fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }
    pub(crate) fn fix(
        &mut self,
        message: impl Into<String>,
        edits: Vec<Edit>,
        safe: bool,
    ) -> &mut Self {
        self.fixes.push(Fix {
            message: message.into(),
            edits,
            safe,
        });
        self
    }
    /// A fix replacing a scalar (a value or a key) with `text`, written in the scalar's own
    /// quoting style, so the fix keeps the author's style and stays valid YAML.
    pub(crate) fn replace_scalar(&mut self, node: &Node, text: &str, safe: bool) -> &mut Self {
        // An empty value's span sits right after its `:` (or `-`, tag or anchor): the new
        // value needs a space before it, or `key:v1` would be one plain scalar.
        let space = if node.span.is_empty() { " " } else { "" };
        self.fix(
            format!("replace with `{text}`"),
            vec![Edit {
                span: node.span,
                replacement: format!("{space}{}", requote(node, text)),
            }],
            safe,
        )
    }

    /// A fix replacing the text of `span` with `replacement`.
    pub(crate) fn replace(
        &mut self,
        span: Span,
        replacement: impl Into<String>,
        safe: bool,
    ) -> &mut Self {
        let replacement = replacement.into();
        self.fix(
            format!("replace with `{replacement}`"),
            vec![Edit { span, replacement }],
            safe,
        )
    }
}

/// `text` as a scalar written like `node`: single- or double-quoted when it was, plain when it
/// was plain and plain is safe for `text`.
pub(crate) fn requote(node: &Node, text: &str) -> String {
    let double = || format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""));
    match node.as_scalar().map(|s| s.style) {
        Some(ScalarStyle::SingleQuoted) => format!("'{}'", text.replace('\'', "''")),
        Some(ScalarStyle::DoubleQuoted) => double(),
        _ if fdl_syntax::plain_is_safe(text) => text.to_string(),
        _ => double(),
    }
}

/// The span to point at for an entry's value: the value, or the key when the value is empty.
pub(crate) fn value_span(entry: &Entry) -> Span {
    if entry.value.span.is_empty() {
        entry.key.span
    } else {
        entry.value.span
    }
}

/// Where to point when something is missing from a mapping: its first key (for a step, the
/// `type` or `name` line), or the node itself.
pub(crate) fn head_span(node: &Node) -> Span {
    node.as_mapping()
        .and_then(|m| m.first())
        .map_or(node.span, |e| e.key.span)
}

/// "`a`, `b` and `c`": names listed for a message.
pub(crate) fn list_names<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let names: Vec<String> = names.into_iter().map(|n| format!("`{n}`")).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A scalar rendered for a message, shortened when long.
pub(crate) fn quote(text: &str) -> String {
    const MAX: usize = 60;
    if let Some((first, _)) = text.split_once('\n') {
        let first: String = first.chars().take(MAX).collect();
        format!("`{first}…`")
    } else if text.chars().count() > MAX {
        let cut: String = text.chars().take(MAX).collect();
        format!("`{cut}…`")
    } else {
        format!("`{text}`")
    }
}
