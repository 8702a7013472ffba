//! Hover: what the thing under the cursor is, from the catalogue and the flow itself.

use fdl_model::catalogue::{
    BUILTIN_ERRORS, CONTEXT_MEMBERS, Context, Integration, StepKind, builtin_error,
};
use fdl_model::expr::{Root, Segment, SourceKind, classify_source};
use fdl_model::model::MappingRole;
use fdl_model::values::{Arn, parse_arn};
use fdl_syntax::{Node, Span};

use crate::index::{Index, ItemInfo, StepId};
use crate::lines::{code, short};
use crate::tree::{self, Hop, Via};
use crate::{Analysis, Hover, docs};

pub(crate) fn hover(a: &Analysis, offset: usize) -> Option<Hover> {
    let ix = a.index();
    if let Some(h) = goto_hover(a, ix, offset) {
        return Some(h);
    }
    if let Some(h) = name_hover(a, ix, offset) {
        return Some(h);
    }
    if let Some(h) = source_hover(a, ix, offset) {
        return Some(h);
    }
    node_hover(a, ix, offset)
}

/// A summary of a step: its kind, where it is, and its main fields.
pub(crate) fn step_summary(a: &Analysis, ix: &Index, id: StepId) -> String {
    let step = &ix.steps[id];
    let lines = a.lines();
    let mut out = format!("**{}**", code(&ix.step_label(id)));
    match (&step.kind, &step.type_value) {
        (Some(k), _) => out.push_str(&format!(" — `{}` step", k.name())),
        (None, Some(t)) => out.push_str(&format!(" — step of unknown type {}", code(&t.text))),
        (None, None) => out.push_str(" — step without a `type`"),
    }
    out.push_str(&format!(", line {}", lines.line_of(step.span.start) + 1));
    if let Some(k) = step.kind {
        out.push_str(&format!("\n\n{}", k.doc()));
    }
    let node = a.root().and_then(|r| tree::mapping_with_span(r, step.span));
    let mut facts = Vec::new();
    if let Some(node) = node {
        for key in [
            "resourceArn",
            "action",
            "pattern",
            "duration",
            "timestamp",
            "error",
            "cause",
        ] {
            if let Some(v) = node.get(key).and_then(Node::scalar_text) {
                facts.push(format!("- `{key}`: {}", code(&short(v, 80))));
            }
        }
        if let Some(c) = node
            .get("iterationMapping")
            .and_then(|im| im.get("collection"))
            .and_then(Node::scalar_text)
        {
            facts.push(format!("- iterates over {}", code(&short(c, 80))));
        }
        for (key, what) in [
            ("choices", "choice branches"),
            ("branches", "parallel branches"),
        ] {
            if let Some(items) = node.get(key).and_then(Node::as_sequence) {
                facts.push(format!("- {} {what}", items.len()));
            }
        }
    }
    if step.ends_list && step.kind.is_some_and(|k| !k.is_terminal()) {
        facts.push("- `end: true`: the list stops after it".to_string());
    }
    let outputs: Vec<String> = step
        .mappings
        .iter()
        .filter(|m| m.role == MappingRole::StepOutput)
        .flat_map(|m| m.items.iter())
        .filter_map(|i| i.target.as_ref().map(|t| format!("`{}`", t.text)))
        .collect();
    if !outputs.is_empty() {
        facts.push(format!("- outputs {}", outputs.join(", ")));
    }
    if !facts.is_empty() {
        out.push_str("\n\n");
        out.push_str(&facts.join("\n"));
    }
    out
}

fn goto_hover(a: &Analysis, ix: &Index, offset: usize) -> Option<Hover> {
    let (holder, goto) = ix.goto_at(offset)?;
    let list = ix.steps[holder].list;
    let markdown = match ix.find_in_list(list, &goto.text) {
        Some(target) => format!("Jumps to\n\n{}", step_summary(a, ix, target)),
        None => format!(
            "No step named {} in this list: a `goto` can only name a sibling of the step that holds it.",
            code(&goto.text)
        ),
    };
    Some(Hover {
        span: goto.span,
        markdown,
    })
}

fn name_hover(a: &Analysis, ix: &Index, offset: usize) -> Option<Hover> {
    let id = ix.step_at(offset)?;
    let name = ix.steps[id].name.as_ref()?;
    if !(name.span.start <= offset && offset <= name.span.end) {
        return None;
    }
    let gotos = ix.gotos_naming(ix.steps[id].list, &name.text).len();
    let mut markdown = step_summary(a, ix, id);
    markdown.push_str(&match gotos {
        0 => "\n\nNo `goto` names this step.".to_string(),
        1 => "\n\n1 `goto` names this step.".to_string(),
        n => format!("\n\n{n} `goto`s name this step."),
    });
    Some(Hover {
        span: name.span,
        markdown,
    })
}

/// The producers of `$local.<key>` read by a source, as a markdown list.
fn producers_markdown(a: &Analysis, ix: &Index, producers: &[(StepId, &ItemInfo)]) -> String {
    let lines = a.lines();
    producers
        .iter()
        .map(|(s, item)| {
            format!(
                "- step {} (`outputMappings`, line {})",
                code(&ix.step_label(*s)),
                lines.line_of(item.span.start) + 1
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A `$input` / `$local` / `$context` path in a mapping source.
fn source_hover(a: &Analysis, ix: &Index, offset: usize) -> Option<Hover> {
    let (step, list, item) = ix.mapping_item_at(offset)?;
    let source = item.source.as_ref()?;
    if !(source.span.start <= offset && offset <= source.span.end) {
        return None;
    }
    let node = tree::descend(a.root()?, offset)
        .into_iter()
        .rev()
        .map(|h| h.node)
        .find(|n| n.span == source.span)?;
    let path = match classify_source(&source.text).ok()? {
        SourceKind::Reference(path) => path,
        _ => return None,
    };
    let to_source = |span: Span| {
        let s = node.value_to_source(a.text(), span.range());
        (a.text().get(s.range()) == source.text.get(span.range())).then_some(s)
    };
    let role = list.role;
    let root_span = to_source(path.root_span)?;
    if root_span.start <= offset && offset <= root_span.end {
        return Some(Hover {
            span: root_span,
            markdown: docs::root_markdown(path.root.as_str(), Some(role)),
        });
    }
    match path.root {
        Root::Local => {
            let (i, seg) = path
                .segments
                .iter()
                .enumerate()
                .find(|(_, s)| matches!(s.segment, Segment::Field(_)))?;
            let Segment::Field(key) = &seg.segment else {
                return None;
            };
            let span = to_source(seg.name_span())?;
            if !(span.start <= offset && offset <= span.end) {
                return None;
            }
            let producers = ix.local_producers(step, role, key);
            let mut markdown = format!("**`$local.{key}`**");
            if role == MappingRole::Error {
                markdown.push_str(match key.as_str() {
                    "error" => " — the error name of the failed task",
                    "cause" => " — the reason the task failed",
                    _ => " — only `$local.error` and `$local.cause` exist in `errorMappings`",
                });
            } else if producers.is_empty() {
                markdown.push_str(
                    " — no step before this one outputs it (it may come from a task's result)",
                );
            } else {
                let array = i > 0;
                markdown.push_str(if array {
                    " — produced inside this step by:\n\n"
                } else {
                    " — produced by:\n\n"
                });
                markdown.push_str(&producers_markdown(a, ix, &producers));
                if producers.len() > 1
                    && matches!(role, MappingRole::StepInput | MappingRole::FlowOutput)
                {
                    markdown.push_str("\n\nThe first one listed ran last: its value wins.");
                }
            }
            Some(Hover { span, markdown })
        }
        Root::Context => {
            let names: Vec<&str> = path.field_names();
            let member = names.join(".");
            let span = to_source(Span::new(
                path.segments.first()?.name_span().start,
                path.segments.last()?.span.end,
            ))?;
            if !(span.start <= offset && offset <= span.end) {
                return None;
            }
            let markdown = match CONTEXT_MEMBERS.iter().find(|(m, _)| *m == member) {
                Some((m, doc)) => docs::context_member_markdown(m, doc),
                None => format!(
                    "**`$context.{member}`** — not a known `$context` member (known: {})",
                    CONTEXT_MEMBERS
                        .iter()
                        .map(|(m, _)| format!("`{m}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            Some(Hover { span, markdown })
        }
        _ => None,
    }
}

/// Keys, enum values, error names and ARNs: documentation from the catalogue.
fn node_hover(a: &Analysis, ix: &Index, offset: usize) -> Option<Hover> {
    let hops = tree::descend(a.root()?, offset);
    let last = hops.len().checked_sub(1)?;
    let hop = hops[last];
    let context_of = |i: usize| -> Option<Context> { ix.context_of(hops.get(i)?.node.span) };
    match hop.via {
        Via::Key(entry) => {
            let key = entry.key.scalar_text()?;
            let parent = last.checked_sub(1)?;
            if let Some(context) = context_of(parent) {
                let field = context.field(key)?;
                return Some(Hover {
                    span: entry.key.span,
                    markdown: docs::field_markdown(context, field),
                });
            }
            // A key of `serviceParams`.
            let integration = service_params_of(&hops, parent, ix)?;
            let param = integration
                .service_params()
                .iter()
                .find(|p| p.name == key)?;
            Some(Hover {
                span: entry.key.span,
                markdown: docs::service_param_markdown(integration, param),
            })
        }
        Via::Value(entry) => {
            let key = entry.key.scalar_text()?;
            let context = context_of(last.checked_sub(1)?)?;
            let field = context.field(key)?;
            let value = hop.node.scalar_text();
            let markdown = match (context, key, value) {
                (Context::Step(_) | Context::UnknownStep, "type", Some(v)) => {
                    match StepKind::from_name(v) {
                        Some(kind) => docs::kind_markdown(kind),
                        None => format!(
                            "{} is not a step type: a step is one of {}",
                            code(v),
                            StepKind::ALL
                                .iter()
                                .map(|k| format!("`{}`", k.name()))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    }
                }
                (Context::Step(StepKind::Task), "resourceArn", Some(v)) => match parse_arn(v) {
                    Arn::Known(i) => docs::integration_markdown(i),
                    _ => docs::field_markdown(context, field),
                },
                (_, _, Some(v)) if !field.values.is_empty() => {
                    match field.values.iter().find(|e| e.name == v) {
                        Some(e) => docs::enum_markdown(field, e),
                        None => docs::field_markdown(context, field),
                    }
                }
                _ => docs::field_markdown(context, field),
            };
            Some(Hover {
                span: hop.node.span,
                markdown,
            })
        }
        Via::Item => {
            // An error name in `errors` of a retry or catch rule.
            let list = hops.get(last.checked_sub(1)?)?;
            let Via::Value(entry) = list.via else {
                return None;
            };
            if entry.key.scalar_text() != Some("errors") {
                return None;
            }
            let name = hop.node.scalar_text()?;
            let markdown = match builtin_error(name) {
                Some(e) => docs::error_markdown(e),
                None if fdl_model::catalogue::BUILTIN_ERROR_PREFIXES
                    .iter()
                    .any(|p| name.starts_with(p)) =>
                {
                    format!(
                        "{} is not a built-in error. Built-in errors: {}",
                        code(name),
                        BUILTIN_ERRORS
                            .iter()
                            .map(|e| format!("`{}`", e.name))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
                None => format!(
                    "{} — a custom error name: raised by a function, a `fail` step's `error`, or a child flow",
                    code(name)
                ),
            };
            Some(Hover {
                span: hop.node.span,
                markdown,
            })
        }
        Via::Root => None,
    }
}

/// When `hops[i]` is the value of `serviceParams` in a task: the integration of the task.
fn service_params_of(hops: &[Hop<'_>], i: usize, ix: &Index) -> Option<Integration> {
    let Via::Value(entry) = hops.get(i)?.via else {
        return None;
    };
    if entry.key.scalar_text() != Some("serviceParams") {
        return None;
    }
    let task = hops.get(i.checked_sub(1)?)?.node;
    if ix.context_of(task.span) != Some(Context::Step(StepKind::Task)) {
        return None;
    }
    match parse_arn(task.get("resourceArn")?.scalar_text()?) {
        Arn::Known(i) => Some(i),
        _ => None,
    }
}
