//! 3xx: mappings and expressions: mapping sources, `$context` members, `$local` of steps
//! whose local is an array or empty, error mappings, `$.paths` and choice conditions.

use fdl_model::catalogue::{CONTEXT_MEMBERS, StepKind};
use fdl_model::expr::{self, Path, Root, Segment, SourceKind};
use fdl_model::model::{Body, Flow, MappingList, MappingRole, Step};
use fdl_model::values::{is_placeholder, is_template};
use fdl_syntax::{Node, Span};

use crate::context::{Checker, list_names, quote};
use crate::suggest::did_you_mean;

/// The flow's own `inputMappings` and `outputMappings`.
pub(crate) fn check_flow(cx: &mut Checker, flow: &Flow) {
    if let Some(list) = &flow.input_mappings {
        check_list(cx, list, MappingRole::FlowInput, None);
    }
    if let Some(list) = &flow.output_mappings {
        check_list(cx, list, MappingRole::FlowOutput, None);
    }
}

/// The mappings and expressions of one step (not of the steps nested in it).
pub(crate) fn check_step(cx: &mut Checker, step: &Step) {
    for (role, list) in step.mapping_lists() {
        check_list(cx, list, role, step.kind);
    }
    check_step_expressions(cx, step);
}

fn check_list(cx: &mut Checker, list: &MappingList, role: MappingRole, kind: Option<StepKind>) {
    for item in &list.items {
        if let Some(source) = item.source {
            check_source(cx, source, role, kind);
        }
    }
}

/// The source span of a byte range of a scalar's decoded value.
fn inner_span(cx: &Checker, node: &Node, range: Span) -> Span {
    node.value_to_source(cx.text, range.range())
}

fn check_source(cx: &mut Checker, node: &Node, role: MappingRole, kind: Option<StepKind>) {
    if is_placeholder(node) {
        return;
    }
    let Some(text) = node.as_str() else { return };
    match expr::classify_source(text) {
        Err(error)
            if expr::ROOT_NAMES
                .iter()
                .any(|root| text[1..].starts_with(root)) =>
        {
            cx.report(
                "FDL301",
                inner_span(cx, node, error.span),
                format!("invalid reference {}: {}", quote(text), error.message),
            );
        }
        // `$.a b`, `$[x]`: meant as a path, and not even a valid one.
        Err(error) if text == "$" || text.starts_with("$.") || text.starts_with("$[") => {
            constant_not_reference(cx, node, text, None, Some(&error.message));
        }
        // `$Input.x`, `$ctx.task.token`: by the service's rule a constant, surely meant as a
        // reference. Other `$words` (`$USD`) are plain constants.
        Err(_) => {
            let word_len = text[1..]
                .find(|c: char| !c.is_alphanumeric() && c != '_')
                .map_or(text.len(), |i| i + 1);
            if let Some(root) = expr::closest_root(&text[1..word_len]) {
                let fixed = format!("${root}{}", &text[word_len..]);
                constant_not_reference(cx, node, text, Some(fixed), None);
            }
        }
        Ok(SourceKind::Constant) => {}
        Ok(SourceKind::DollarPath(path)) => {
            let fixed = format!("$input{}", &text[path.root_span.end..]);
            constant_not_reference(cx, node, text, Some(fixed), None);
        }
        Ok(SourceKind::Reference(path)) => check_reference(cx, node, text, &path, role, kind),
    }
}

/// FDL302: a mapping source that looks like a reference but is a constant string, with the
/// reference it was surely meant to be (`fixed`) or why it is not one (`problem`).
fn constant_not_reference(
    cx: &mut Checker,
    node: &Node,
    text: &str,
    fixed: Option<String>,
    problem: Option<&str>,
) {
    let fix_span = plain_value_span(cx, node, text);
    let mut message = format!("{} is a constant string here, not a reference", quote(text));
    if let Some(fixed) = &fixed {
        message.push_str(&format!(": did you mean `{fixed}`?"));
    }
    let d = cx.report("FDL302", node.span, message);
    d.note("in mappings only sources starting with `$input`, `$local` or `$context` are read; anything else, `$.x` included (the syntax of conditions and `serviceParams`), is taken literally");
    if let Some(problem) = problem {
        d.note(format!("as a path it is invalid too: {problem}"));
    }
    match (fixed, fix_span) {
        (Some(fixed), Some(span)) => {
            d.replace(span, fixed, false);
        }
        (Some(fixed), None) => {
            d.help(format!("write `{fixed}`"));
        }
        (None, _) => {}
    }
}

/// The span of the scalar's text in the source when it maps one to one to its value.
fn plain_value_span(cx: &Checker, node: &Node, text: &str) -> Option<Span> {
    let span = node.value_to_source(cx.text, 0..text.len());
    (span != node.span || cx.slice(span) == text).then_some(span)
}

fn check_reference(
    cx: &mut Checker,
    node: &Node,
    text: &str,
    path: &Path,
    role: MappingRole,
    kind: Option<StepKind>,
) {
    if path.root == Root::Context {
        check_context_member(cx, node, path);
    }
    if role == MappingRole::Error {
        let allowed = path.root == Root::Local
            && matches!(path.segments.as_slice(), [s] if matches!(&s.segment, Segment::Field(f) if f == "error" || f == "cause"));
        if !allowed {
            cx.report(
                "FDL306",
                node.span,
                format!("an `errorMappings` source can only be `$local.error`, `$local.cause` or a constant, not {}", quote(text)),
            )
            .note("when a task fails, its `$local` holds only `error` and `cause`; the step's input is not available here");
        }
        return;
    }
    if path.root != Root::Local || role != MappingRole::StepOutput {
        return;
    }
    let Some(kind) = kind else { return };
    if kind.local_is_array() {
        let Some(first) = path.segments.first() else {
            return;
        };
        if let Segment::Field(field) = &first.segment {
            let rest = &text[first.span.start..];
            let fix_span = plain_value_span(cx, node, text);
            let d = cx.report(
                "FDL304",
                inner_span(cx, node, Span::new(path.root_span.start, first.span.end)),
                format!(
                    "the `$local` of a {} step is an array, so `$local.{field}` reads nothing",
                    kind.name()
                ),
            );
            d.note(format!(
                "a {} step's `$local` holds one object per {}",
                kind.name(),
                if kind == StepKind::Parallel {
                    "branch"
                } else {
                    "iteration"
                }
            ));
            if let Some(span) = fix_span {
                d.replace(span, format!("$local[*]{rest}"), false);
            }
            d.help(format!("use `$local[*]{rest}` for the values of every {0}, or `$local[0]{rest}` for the first {0}", if kind == StepKind::Parallel { "branch" } else { "iteration" }));
        }
    } else if kind.local_is_empty() {
        cx.report(
            "FDL305",
            inner_span(cx, node, path.root_span),
            format!(
                "a {} step produces no data, so its `$local` is always empty",
                kind.name()
            ),
        )
        .help("map from `$input` or use a constant instead");
    }
}

fn check_context_member(cx: &mut Checker, node: &Node, path: &Path) {
    let mut joined = String::new();
    for segment in &path.segments {
        match &segment.segment {
            Segment::Field(f) => {
                if !joined.is_empty() {
                    joined.push('.');
                }
                joined.push_str(f);
            }
            // `$context.task[0]` is nothing FDL has.
            _ => {
                joined.push_str("[]");
            }
        }
    }
    let known = joined.is_empty()
        || CONTEXT_MEMBERS
            .iter()
            .any(|(m, _)| *m == joined || m.starts_with(&format!("{joined}.")));
    if known {
        return;
    }
    let members = CONTEXT_MEMBERS.iter().map(|(m, _)| *m);
    let suggestion = did_you_mean(&joined, members);
    // Point at the members from the first name on (whatever the notation: `.task`,
    // `['task']`); a fix rewrites the whole path, so it never splices into brackets.
    let first = path.segments.first().map_or(path.span, |s| s.name_span());
    let members_span = Span::new(first.start, path.span.end);
    let mut message = format!("`$context.{joined}` is not a known `$context` member");
    if let Some(s) = suggestion {
        message.push_str(&format!(": did you mean `$context.{s}`?"));
    }
    let span = inner_span(cx, node, members_span);
    let path_span = inner_span(cx, node, path.span);
    // The path's own text is found in the source (not a fallback to the whole scalar).
    let exact =
        node.scalar_text().and_then(|t| t.get(path.span.range())) == Some(cx.slice(path_span));
    let d = cx.report("FDL303", span, message);
    let members: Vec<String> = CONTEXT_MEMBERS
        .iter()
        .map(|(m, _)| format!("$context.{m}"))
        .collect();
    d.note(format!(
        "the known members are {}",
        list_names(members.iter().map(String::as_str))
    ));
    if let Some(s) = suggestion
        && exact
    {
        d.replace(path_span, format!("$context.{s}"), false);
    }
}

/// A `$.path` used as a value where the service evaluates it against the step input
/// (`iterationMapping.collection`, wait `duration`/`timestamp`, `serviceParams`).
pub(crate) fn check_dollar_path(cx: &mut Checker, node: &Node, text: &str, what: &str) {
    match expr::parse_path(text) {
        Err(error) => {
            cx.report(
                "FDL301",
                inner_span(cx, node, error.span),
                format!("invalid path in `{what}`: {}", error.message),
            );
        }
        Ok(path) => reference_where_path_expected(cx, node, text, &path, what),
    }
}

/// `$input.x`, `$local.x` or `$context.x` where the service reads a `$.path` of the step's
/// input: it is not a path there, so the value is missing or taken literally.
fn reference_where_path_expected(
    cx: &mut Checker,
    node: &Node,
    text: &str,
    path: &Path,
    what: &str,
) {
    if path.root == Root::Current {
        return;
    }
    let shown = &text[path.span.range()];
    let span = inner_span(cx, node, path.span);
    let d = cx.report(
        "FDL309",
        span,
        format!(
            "{} is not read in `{what}`: only `$.key` paths of the step input are",
            quote(shown)
        ),
    );
    match path.root {
        Root::Input => {
            let fixed = format!("${}", &text[path.root_span.end..path.span.end]);
            d.note(
                "the step's (mapped) input is `$` here; `$input` is the syntax of mapping sources",
            );
            if span != node.span || text.len() == path.span.len() {
                d.replace(span, fixed, false);
            }
        }
        _ => {
            d.help(format!(
                "bring the value into the step input with `inputMappings` (e.g. `source: {shown}`), then refer to it as `$.key`"
            ));
        }
    }
}
fn check_step_expressions(cx: &mut Checker, step: &Step) {
    match &step.body {
        Body::Choice(choice) => {
            for branch in &choice.branches {
                if let Some(condition) = branch.condition {
                    check_condition(cx, condition);
                }
            }
        }
        Body::Foreach(foreach) => {
            if let Some(collection) = foreach.collection {
                check_collection(cx, collection);
            }
        }
        Body::Task(task) => {
            if let Some(entries) = task.service_params.and_then(Node::as_mapping) {
                for entry in entries {
                    // `$context.task.token` in `serviceParams` is how the policy (§12 row 13)
                    // expects a task token to be handed over, so `$context` is left alone.
                    if let Some(text) = entry.value.as_str()
                        && !is_placeholder(&entry.value)
                        && looks_like_path(text)
                        && !text.starts_with("$context")
                    {
                        check_dollar_path(cx, &entry.value, text, "serviceParams");
                    }
                }
            }
        }
        _ => {}
    }
}

fn check_condition(cx: &mut Checker, node: &Node) {
    // Conditions compare strings such as "<b>" or "{id}": only template expressions and tags
    // make one a placeholder.
    if is_template(node) || node.is_null() {
        return;
    }
    let Some(text) = node.scalar_text() else {
        return;
    };
    match expr::parse_condition(text) {
        Err(error) => {
            let span = inner_span(cx, node, error.span);
            cx.report("FDL308", span, format!("invalid condition: {}", error.message))
                .note("conditions compare `$.paths` of the choice step's input with `==`, `!=`, `<`, `<=`, `>`, `>=`, `=~`, `in`, and combine them with `&&`, `||` and `!`");
        }
        Ok(condition) => {
            for path in condition.paths() {
                reference_where_path_expected(cx, node, text, path, "condition");
            }
        }
    }
}

/// `$`, `$.x`, `$[0]`, or a reference root (`$input...`): a value meant as a path.
fn looks_like_path(text: &str) -> bool {
    let Some(after) = text.strip_prefix('$') else {
        return false;
    };
    after.is_empty()
        || after.starts_with(['.', '['])
        || expr::ROOT_NAMES.iter().any(|root| {
            after
                .strip_prefix(root)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
        })
}

fn check_collection(cx: &mut Checker, node: &Node) {
    if is_placeholder(node) || node.is_error() {
        return;
    }
    match node.as_str() {
        Some(text) if text.starts_with('$') => check_dollar_path(cx, node, text, "collection"),
        _ if node.is_null() => {
            cx.report(
                "FDL101",
                node.span,
                "`iterationMapping` needs `collection`, but it is empty",
            )
            .help("name the input array to iterate over, e.g. `collection: $.items`");
        }
        _ => {
            let shown = node
                .scalar_text()
                .map_or_else(|| node.type_name().to_string(), quote);
            let d = cx.report(
                "FDL301",
                node.span,
                format!("`collection` must be a `$.path` naming an array of the step input, but it is {shown}"),
            );
            if let Some(text) = node.as_str()
                && !text.is_empty()
                && text
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            {
                d.replace(node.span, format!("$.{text}"), false);
            }
        }
    }
}
