//! 0xx: what is wrong at the YAML level, and files that are not FDL v1 flows at all.

use fdl_syntax::{Node, Parsed, SyntaxErrorKind};

use crate::context::{Checker, head_span};

pub(crate) fn syntax_errors(cx: &mut Checker, parsed: &Parsed) {
    for &span in &parsed.skipped {
        cx.note_unreadable(span);
    }
    for error in &parsed.errors {
        let code = match &error.kind {
            SyntaxErrorKind::Invalid => "FDL001",
            SyntaxErrorKind::DuplicateKey { .. } => "FDL002",
            SyntaxErrorKind::MultipleDocuments => "FDL003",
            SyntaxErrorKind::MergeKey => "FDL005",
            SyntaxErrorKind::AliasLimit => "FDL006",
            SyntaxErrorKind::TooDeep => "FDL007",
        };
        if code == "FDL001" {
            cx.note_unreadable(error.span);
        }
        let d = cx.report(code, error.span, error.message.clone());
        match &error.kind {
            SyntaxErrorKind::DuplicateKey { first, .. } => {
                d.label(*first, "first defined here").help(
                    "remove one of the two; the service rejects a mapping with a repeated key",
                );
            }
            SyntaxErrorKind::MultipleDocuments => {
                d.help(
                    "a flow definition is one YAML document: move the other flow to its own file",
                );
            }
            SyntaxErrorKind::MergeKey => {
                d.help("write the keys out in full, or use an alias for the whole value");
            }
            _ => {}
        }
    }
}

/// A CloudFlow state machine (`Type: StateMachine`) is the newer format, not FDL v1: say so
/// once instead of reporting every key. Returns true when it reported.
pub(crate) fn cloudflow(cx: &mut Checker, root: &Node) -> bool {
    let state_machine = root.get("Type").and_then(Node::scalar_text) == Some("StateMachine")
        || (root.get("StartAt").is_some() && root.get("States").is_some());
    if !state_machine {
        return false;
    }
    let (span, message) = match root.get_entry("Type") {
        Some(e) if e.value.scalar_text() == Some("StateMachine") => (
            e.key.span.cover(e.value.span),
            "this is a CloudFlow state machine (`Type: StateMachine`), not an FDL v1 flow",
        ),
        _ => (
            root.get_entry("StartAt")
                .map_or_else(|| head_span(root), |e| e.key.span),
            "this looks like a CloudFlow state machine (it has `StartAt` and `States`), not an FDL v1 flow",
        ),
    };
    cx.report("FDL008", span, message)
    .note("CloudFlow's newer format uses `States`, `StartAt` and `Next`; fdl checks the FDL v1 format that starts with `version: v1`, `type: flow` and `steps:`")
    .help("the service accepts this format, but fdl checks only FDL v1: nothing in this file was checked");
    true
}

/// The document root must be a mapping; an empty file is reported too. Returns true when
/// the root is usable.
pub(crate) fn root_is_mapping(cx: &mut Checker, parsed: &Parsed) -> bool {
    match &parsed.root {
        Some(root) if root.as_mapping().is_some() => true,
        // Broken YAML was already reported.
        Some(root) if root.is_error() => false,
        Some(root) => {
            cx.report(
                "FDL009",
                root.span,
                format!(
                    "a flow definition must be a mapping of keys, but this document is {}",
                    root.type_name()
                ),
            )
            .help("start the file with `version: v1`, `type: flow` and `steps:`");
            false
        }
        None if parsed.errors.is_empty() => {
            cx.report(
                "FDL009",
                fdl_syntax::Span::empty(0),
                "the file holds no YAML document: it is empty or only comments",
            )
            .help("a flow needs at least `version: v1`, `type: flow` and `steps:`");
            false
        }
        None => false,
    }
}
