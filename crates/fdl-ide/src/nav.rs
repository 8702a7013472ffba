//! Go to definition, find references and rename of steps.

use fdl_model::expr::{Root, Segment, SourceKind, classify_source};
use fdl_model::model::MappingRole;
use fdl_syntax::Span;

use crate::index::Index;
use crate::lines::{code, scalar_text};
use crate::{Analysis, Edit, Target};

pub(crate) fn definition(a: &Analysis, offset: usize) -> Vec<Target> {
    let ix = a.index();
    if let Some((holder, goto)) = ix.goto_at(offset) {
        let list = ix.steps[holder].list;
        return ix
            .find_in_list(list, &goto.text)
            .map(|id| step_target(ix, id))
            .into_iter()
            .collect();
    }
    local_definition(ix, offset).unwrap_or_default()
}

fn step_target(ix: &Index, id: usize) -> Target {
    let step = &ix.steps[id];
    Target {
        full: step.span,
        focus: step.focus(),
    }
}

/// `$local.x` in a mapping source: the `outputMappings` items producing `x`. Where steps run
/// one after another only the last producer counts; inside a choice, parallel or foreach
/// every producer may.
fn local_definition(ix: &Index, offset: usize) -> Option<Vec<Target>> {
    let (step, list, item) = ix.mapping_item_at(offset)?;
    let source = item.source.as_ref()?;
    if !(source.span.start <= offset && offset <= source.span.end) {
        return None;
    }
    let SourceKind::Reference(path) = classify_source(&source.text).ok()? else {
        return None;
    };
    if path.root != Root::Local {
        return None;
    }
    let key = path.segments.iter().find_map(|s| match &s.segment {
        Segment::Field(name) => Some(name.as_str()),
        _ => None,
    })?;
    let producers = ix.local_producers(step, list.role, key);
    let take = match list.role {
        MappingRole::StepOutput => producers.len(),
        _ => producers.len().min(1),
    };
    Some(
        producers
            .into_iter()
            .take(take)
            .map(|(_, item)| Target {
                full: item.span,
                focus: item.target.as_ref().map_or(item.span, |t| t.span),
            })
            .collect(),
    )
}

pub(crate) fn references(a: &Analysis, offset: usize, include_declaration: bool) -> Vec<Span> {
    let ix = a.index();
    let Some(r) = ix.step_reference_at(offset) else {
        return Vec::new();
    };
    let mut out = ix.gotos_naming(r.list, &r.name);
    if include_declaration
        && let Some(id) = r.step
        && let Some(name) = &ix.steps[id].name
    {
        out.push(name.span);
    }
    out.sort();
    out.dedup();
    out
}

/// The text of a scalar span without its quotes, when it is quoted and holds no escapes.
fn inner(text: &str, span: Span, value: &str) -> Span {
    let raw = text.get(span.range()).unwrap_or("");
    let quoted = raw.len() >= 2
        && ((raw.starts_with('"') && raw.ends_with('"'))
            || (raw.starts_with('\'') && raw.ends_with('\'')));
    if quoted && &raw[1..raw.len() - 1] == value {
        Span::new(span.start + 1, span.end - 1)
    } else {
        span
    }
}

const NOT_A_STEP: &str = "put the cursor on a step's `name` or on a `goto` to rename a step";

pub(crate) fn prepare_rename(a: &Analysis, offset: usize) -> Result<Span, String> {
    let ix = a.index();
    let r = ix.step_reference_at(offset).ok_or(NOT_A_STEP)?;
    if r.step.is_none() {
        return Err(format!(
            "no step named {} in this list: there is nothing to rename",
            code(&r.name)
        ));
    }
    Ok(inner(a.text(), r.span, &r.name))
}

pub(crate) fn rename(a: &Analysis, offset: usize, new_name: &str) -> Result<Vec<Edit>, String> {
    let ix = a.index();
    let r = ix.step_reference_at(offset).ok_or(NOT_A_STEP)?;
    let Some(id) = r.step else {
        return Err(format!(
            "no step named {} in this list: there is nothing to rename",
            code(&r.name)
        ));
    };
    if new_name.trim().is_empty() {
        return Err("a step name cannot be empty".to_string());
    }
    if new_name.contains(['\n', '\r']) {
        return Err("a step name cannot span several lines".to_string());
    }
    if new_name == r.name {
        return Ok(Vec::new());
    }
    if let Some(other) = ix.find_in_list(r.list, new_name) {
        let line = a.lines().line_of(ix.steps[other].span.start) + 1;
        return Err(format!(
            "a step named {} already exists in this list (line {line}); step names must be unique among siblings",
            code(new_name)
        ));
    }
    let text = a.text();
    let name_span = ix.steps[id].name.as_ref().map(|n| n.span);
    let mut spans: Vec<Span> = ix.gotos_naming(r.list, &r.name);
    spans.extend(name_span);
    spans.sort();
    spans.dedup();
    Ok(spans
        .into_iter()
        .map(|span| Edit {
            span,
            replacement: requote_raw(text.get(span.range()).unwrap_or(""), new_name),
        })
        .collect())
}

/// `new` written in the quoting style of the scalar written `raw`.
fn requote_raw(raw: &str, new: &str) -> String {
    if raw.starts_with('\'') {
        format!("'{}'", new.replace('\'', "''"))
    } else if raw.starts_with('"') {
        let mut out = String::from("\"");
        for c in new.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\t' => out.push_str("\\t"),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    } else {
        scalar_text(new)
    }
}
