//! Code actions: the fixes the diagnostics carry, "add the missing field" for the rules that
//! report one, and "suppress this rule here" as an own-line `# fdl-ignore:` comment.

use fdl_check::config::UNREADABLE_TEXT_RULES;
use fdl_check::{Diagnostic, RuleLevels};
use fdl_model::catalogue::{Context, Integration, StepKind};
use fdl_syntax::{Node, Span};

use crate::lines::touches;
use crate::snippets::{self, Names, Snippet};
use crate::tree;
use crate::{Action, ActionKind, Analysis, Edit};

/// Rules a comment cannot suppress besides those of unreadable YAML: the ones about the
/// suppression comments themselves.
const ABOUT_SUPPRESSIONS: &[&str] = &["FDL010", "FDL011"];

pub(crate) fn code_actions(a: &Analysis, range: Span, levels: &RuleLevels) -> Vec<Action> {
    let diagnostics = a.diagnostics(levels);
    let mut fixes = Vec::new();
    let mut suppressions = Vec::new();
    for d in diagnostics.iter().filter(|d| touches(d.span, range)) {
        let tag = vec![(d.code.to_string(), d.span)];
        for fix in &d.fixes {
            fixes.push(Action {
                title: capitalise(&fix.message),
                kind: ActionKind::QuickFix,
                edits: fix.edits.clone(),
                fixes: tag.clone(),
                // Only a safe fix may be applied without review ("fix all", auto fix).
                preferred: fix.safe,
            });
        }
        if d.fixes.is_empty() {
            for (title, edit) in add_missing(a, d) {
                fixes.push(Action {
                    title,
                    kind: ActionKind::QuickFix,
                    edits: vec![edit],
                    fixes: tag.clone(),
                    preferred: false,
                });
            }
        }
        if let Some(action) = suppress(a, d) {
            suppressions.push(action);
        }
    }
    // One suppression per rule and line.
    for action in suppressions {
        if !fixes
            .iter()
            .any(|f| f.title == action.title && f.edits == action.edits)
        {
            fixes.push(action);
        }
    }
    fixes
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The field a "needs `x`" message names.
fn needed_field(message: &str) -> Option<&str> {
    let at = message.rfind(" needs `")? + " needs `".len();
    let rest = &message[at..];
    let end = rest.find('`')?;
    // "needs `a` or `b`" names a choice, handled per rule.
    (!rest[end..].starts_with("` or ")).then(|| &rest[..end])
}

/// The mapping whose first key is at `span` (where "missing field" diagnostics point).
fn mapping_headed_at(root: &Node, span: Span) -> Option<&Node> {
    tree::descend(root, span.start)
        .into_iter()
        .map(|h| h.node)
        .find(|n| {
            n.as_mapping()
                .and_then(|m| m.first())
                .is_some_and(|e| e.key.span == span)
        })
}

/// Edits adding a field to a mapping, with a title naming what is added.
fn add_missing(a: &Analysis, d: &Diagnostic) -> Vec<(String, Edit)> {
    if d.code == "FDL408" {
        return add_message_body(a, d);
    }
    let Some(root) = a.root() else {
        return Vec::new();
    };
    let Some(mapping) = mapping_headed_at(root, d.span) else {
        return Vec::new();
    };
    let ix = a.index();
    let Some(context) = ix.context_of(mapping.span) else {
        return Vec::new();
    };
    let fields: Vec<&str> = match d.code {
        "FDL101" if !d.message.contains("but it is empty") => {
            needed_field(&d.message).into_iter().collect()
        }
        // "… needs `resourceArn` or `action`", "… needs `duration` or `timestamp`": offer each.
        "FDL401" | "FDL111" => match context {
            Context::Step(kind) => kind
                .one_of()
                .filter(|o| {
                    let names: Vec<String> = o.fields.iter().map(|f| format!("`{f}`")).collect();
                    d.message
                        .ends_with(&format!("needs {}", names.join(" or ")))
                })
                .map(|o| o.fields.to_vec())
                .unwrap_or_default(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    for name in fields {
        let Some(field) = context.field(name) else {
            continue;
        };
        if mapping.get(name).is_some() {
            continue;
        }
        let col = column(a, mapping.span.start);
        let mut s = Snippet::new();
        s.text(field.name).text(":");
        let siblings: Vec<String> = ix
            .step_at(mapping.span.start)
            .map(|id| {
                ix.lists[ix.steps[id].list]
                    .steps
                    .iter()
                    .filter_map(|&s| ix.steps[s].name.as_ref().map(|n| n.text.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let mut names = Names::new(siblings);
        if field.name == "name"
            && let Context::Step(kind) = context
        {
            s.text(" ").text(&names.fresh(kind.name()));
        } else {
            snippets::value(&mut s, context, field, col, &mut names, None);
        }
        let (_, plain) = s.finish();
        let first_line = plain.lines().next().unwrap_or("").trim_end().to_string();
        if let Some(edit) = insert_entry(a, mapping, col, &plain) {
            out.push((format!("Add `{first_line}`"), edit));
        }
    }
    out
}

/// The column (bytes from the line start) of `offset`.
fn column(a: &Analysis, offset: usize) -> usize {
    let lines = a.lines();
    offset - lines.start(lines.line_of(offset))
}

/// An edit adding `entry` (`key: value` text, its later lines already indented) as the last
/// entry of a block mapping whose keys are at `col`, or of a one-line `{...}` mapping.
fn insert_entry(a: &Analysis, mapping: &Node, col: usize, entry: &str) -> Option<Edit> {
    let text = a.text();
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let end = mapping.span.end.min(text.len());
    if text[mapping.span.start..].starts_with('{') {
        if entry.contains('\n') || !text[..end].ends_with('}') {
            return None;
        }
        let at = end - 1;
        let sep = if mapping.as_mapping().is_some_and(|m| !m.is_empty()) {
            ", "
        } else {
            ""
        };
        return Some(Edit {
            span: Span::empty(at),
            replacement: format!("{sep}{entry}"),
        });
    }
    let lines = a.lines();
    let at = lines.end(lines.line_of(end.saturating_sub(1).max(mapping.span.start)));
    Some(Edit {
        span: Span::empty(at),
        replacement: format!("{nl}{}{}", " ".repeat(col), entry.replace('\n', nl)),
    })
}

/// FDL408: an MNS task without `serviceParams.MessageBody`.
fn add_message_body(a: &Analysis, d: &Diagnostic) -> Vec<(String, Edit)> {
    let ix = a.index();
    let Some(root) = a.root() else {
        return Vec::new();
    };
    let Some(id) = ix.step_at(d.span.start) else {
        return Vec::new();
    };
    if ix.steps[id].kind != Some(StepKind::Task) {
        return Vec::new();
    }
    let Some(step) = tree::mapping_with_span(root, ix.steps[id].span) else {
        return Vec::new();
    };
    let param = [Integration::MnsQueue, Integration::MnsTopic]
        .iter()
        .flat_map(|i| i.service_params())
        .find(|p| p.required);
    let Some(param) = param else {
        return Vec::new();
    };
    let entry = format!("{}: $", param.name);
    let col = column(a, step.span.start);
    let edit = match step.get("serviceParams") {
        Some(params) if params.as_mapping().is_some_and(|m| !m.is_empty()) => {
            if params.get(param.name).is_some() {
                return Vec::new();
            }
            let inner = column(a, params.span.start);
            insert_entry(a, params, inner, &entry)
        }
        Some(params) if !params.is_null() => None,
        Some(_) => None,
        None => insert_entry(
            a,
            step,
            col,
            &format!("serviceParams:\n{}{entry}", " ".repeat(col + 2)),
        ),
    };
    edit.map(|e| (format!("Add `serviceParams.{}: $`", param.name), e))
        .into_iter()
        .collect()
}

/// "Suppress CODE on this line": an own-line `# fdl-ignore: CODE` above the line the
/// diagnostic starts on (above the first line of a scalar spanning several), indented like it.
fn suppress(a: &Analysis, d: &Diagnostic) -> Option<Action> {
    if UNREADABLE_TEXT_RULES.contains(&d.code) || ABOUT_SUPPRESSIONS.contains(&d.code) {
        return None;
    }
    let text = a.text();
    let lines = a.lines();
    let mut at = d.span.start.min(text.len());
    if let Some(root) = a.root()
        && let Some(scalar) = tree::descend(root, at)
            .into_iter()
            .rev()
            .map(|h| h.node)
            .find(|n| n.as_scalar().is_some())
        && text
            .get(scalar.span.range())
            .is_some_and(|s| s.contains('\n'))
    {
        at = scalar.span.start;
    }
    let line = lines.line_of(at);
    let start = lines.start(line);
    let indent = lines.content(line).len() - lines.content(line).trim_start_matches(' ').len();
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    Some(Action {
        title: format!("Suppress {} ({}) on this line", d.code, d.name),
        kind: ActionKind::QuickFix,
        edits: vec![Edit {
            span: Span::empty(start),
            replacement: format!("{}# fdl-ignore: {}{nl}", " ".repeat(indent), d.code),
        }],
        fixes: vec![(d.code.to_string(), d.span)],
        preferred: false,
    })
}
