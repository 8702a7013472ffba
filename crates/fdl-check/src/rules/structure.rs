//! 1xx: structure, derived from the catalogue: known keys, required fields, value types; and
//! the values of `version`, `type`, `name`, wait, parallel and `timeoutSeconds`.

use fdl_model::catalogue::{
    self, Context, MAX_EXECUTION_SECONDS, MAX_PARALLEL_BRANCHES, MAX_STEP_NAME_CHARS,
    MAX_WAIT_SECONDS, StepKind, ValueType,
};
use fdl_model::model::{Body, Step};
use fdl_model::values::{is_placeholder, is_rfc3339, is_yaml11_timestamp};
use fdl_syntax::{CoreValue, Entry, Node, NodeKind, ScalarStyle};

use crate::context::{Checker, head_span, list_names, quote, value_span};
use crate::fast_hash::FastSet;
use crate::rules::mappings::check_dollar_path;
use crate::suggest::did_you_mean;

pub(crate) fn check_object(cx: &mut Checker, node: &Node, context: Context) {
    let Some(entries) = node.as_mapping() else {
        return;
    };
    let present = keys_of(node);
    let missing: Vec<&'static str> = context
        .fields()
        .iter()
        .filter(|f| f.required && !present.contains(f.name))
        .map(|f| f.name)
        .collect();
    // A misspelt required field is one mistake: reported once, as the missing field.
    let mut misspelt: Vec<(&'static str, &Entry)> = Vec::new();
    for entry in entries {
        let Some(key) = entry.key.as_str() else {
            cx.report(
                "FDL102",
                entry.key.span,
                format!(
                    "{} is not a valid key here: FDL keys are names such as `type` or `steps`",
                    entry.key.type_name()
                ),
            );
            continue;
        };
        match context.field(key) {
            Some(field) => check_value(cx, entry, field, context),
            None if key == "<<" => {} // reported as a merge key (FDL005)
            // The `x-` convention marks extension keys, typically holders of YAML anchors.
            None if key.starts_with("x-") => {}
            None => match misspelling_of(key, context, &present) {
                Some(field) if missing.contains(&field) => misspelt.push((field, entry)),
                // Reported by the task rules as the missing target.
                Some("resourceArn" | "action") if lacks_task_target(context, &present) => {}
                _ => unknown_key(cx, entry, key, context, &present),
            },
        }
    }
    if cx.touches_syntax_error(node) {
        return;
    }
    for field in missing {
        match misspelt.iter().find(|(f, _)| *f == field) {
            Some((_, entry)) => misspelt_field(cx, node, entry, field, context),
            None => missing_field(cx, node, field, context),
        }
    }
}

/// The keys written in a mapping, looked up once instead of scanning it for every key.
pub(crate) fn keys_of(node: &Node) -> FastSet<&str> {
    node.as_mapping()
        .unwrap_or_default()
        .iter()
        .filter_map(|e| e.key.scalar_text())
        .collect()
}

/// A task step with neither `resourceArn` nor `action`.
fn lacks_task_target(context: Context, present: &FastSet<&str>) -> bool {
    context == Context::Step(StepKind::Task)
        && !present.contains("resourceArn")
        && !present.contains("action")
}

/// The field `key` is most likely a misspelling of, among the fields of `context` that the
/// mapping (whose keys are `present`) does not have yet.
pub(crate) fn misspelling_of(
    key: &str,
    context: Context,
    present: &FastSet<&str>,
) -> Option<&'static str> {
    if lacks_task_target(context, present)
        && let Some(target) = did_you_mean(key, ["resourceArn", "action"])
    {
        return Some(if target == "action" {
            "action"
        } else {
            "resourceArn"
        });
    }
    if matches!(context, Context::Step(_)) && !catalogue::step_kinds_with_field(key).is_empty() {
        return None; // a field of another kind of step, reported as such
    }
    did_you_mean(key, absent_fields(context, present))
        .and_then(|s| context.field(s).map(|f| f.name))
}

/// The fields of `context` a mapping does not have yet: suggesting one it has would make a
/// duplicate key.
fn absent_fields<'p>(
    context: Context,
    present: &'p FastSet<&str>,
) -> impl Iterator<Item = &'static str> + 'p {
    context
        .fields()
        .iter()
        .map(|f| f.name)
        .filter(|name| !present.contains(name))
}

fn misspelt_field(cx: &mut Checker, node: &Node, entry: &Entry, field: &str, context: Context) {
    let key = entry.key.scalar_text().unwrap_or_default();
    let what = subject(node, field, context);
    cx.report(
        "FDL101",
        entry.key.span,
        format!("{what} needs `{field}`: `{key}` looks like a misspelling of it"),
    )
    .replace_scalar(&entry.key, field, key.eq_ignore_ascii_case(field));
}

/// How to name the mapping that lacks `field` in a message.
fn subject(node: &Node, field: &str, context: Context) -> String {
    match context {
        Context::Step(_) | Context::UnknownStep => {
            match node.get("name").and_then(Node::scalar_text) {
                Some(name) if field != "name" => format!("step `{name}`"),
                _ => context.describe(),
            }
        }
        _ => context.describe(),
    }
}

fn missing_field(cx: &mut Checker, node: &Node, field: &str, context: Context) {
    let what = subject(node, field, context);
    let message = format!("{what} needs `{field}`");
    let d = cx.report("FDL101", head_span(node), message);
    match (context, field) {
        (Context::Flow, _) => {
            d.help("a flow starts with `version: v1`, `type: flow` and a `steps:` list");
        }
        (Context::MappingItem, _) => {
            d.help("each mapping item has a `target` (the key to write) and a `source` (a `$input`/`$local`/`$context` reference or a constant)");
        }
        (Context::CatchRule, "goto") => {
            d.help("name the sibling step to continue with when the errors match");
        }
        (_, "errors") => {
            d.help("list the error names to match, e.g. `errors: [FnF.ALL]`");
        }
        _ => {}
    }
}

/// Keys that people bring from AWS Step Functions, with the FDL way to say it.
fn step_functions_habit(key: &str) -> Option<&'static str> {
    Some(match key {
        "next" | "Next" => {
            "FDL has no `next`: steps run in the order they are listed; to jump, use a choice step's `goto` (or `end: true` to stop)"
        }
        "States" => "FDL lists its steps under `steps`, in the order they run",
        "StartAt" => "FDL has no `StartAt`: the first step in `steps` runs first",
        "Resource" => "FDL names what a task invokes with `resourceArn` (or `action`)",
        "Parameters" => {
            "FDL passes request parameters in `serviceParams`, and builds the input with `inputMappings`"
        }
        "InputPath" | "ResultPath" | "OutputPath" | "ResultSelector" => {
            "FDL shapes data with `inputMappings` and `outputMappings`"
        }
        "Comment" | "comment" | "description" | "Description" => {
            "FDL has no description field; write a YAML comment (`# ...`) instead"
        }
        _ => return None,
    })
}

fn unknown_key(
    cx: &mut Checker,
    entry: &Entry,
    key: &str,
    context: Context,
    present: &FastSet<&str>,
) {
    if let Context::Step(kind) = context {
        let owners = catalogue::step_kinds_with_field(key);
        if !owners.is_empty() {
            misplaced_field(cx, entry, key, kind, &owners);
            return;
        }
    }
    if context == Context::UnknownStep && !catalogue::step_kinds_with_field(key).is_empty() {
        // The step's kind is unknown, so any step field may be right.
        return;
    }
    let suggestion = did_you_mean(key, absent_fields(context, present));
    let habit = step_functions_habit(key);
    let where_ = context.describe();
    let message = format!("unknown key `{key}` in {where_}");
    let remove = cx.remove_entry_edit(entry);
    let d = cx.report_misspelt("FDL102", &entry.key, key, message, suggestion);
    if let Some(habit) = habit {
        d.note(habit);
    } else if suggestion.is_none() {
        let known: Vec<String> = context
            .fields()
            .iter()
            .map(|f| format!("`{}`", f.name))
            .collect();
        d.note(format!("{where_} can have {}", known.join(", ")));
    }
    if suggestion.is_none()
        && let Some(edit) = remove
    {
        d.fix(format!("remove `{key}`"), vec![edit], false);
    }
}

fn misplaced_field(
    cx: &mut Checker,
    entry: &Entry,
    key: &str,
    kind: StepKind,
    owners: &[StepKind],
) {
    let remove = cx.remove_entry_edit(entry);
    let message = if key == "end" && kind.is_terminal() {
        format!(
            "a `{}` step always ends its list of steps, so it has no `end`",
            kind.name()
        )
    } else {
        let owners: Vec<String> = owners.iter().map(|k| format!("`{}`", k.name())).collect();
        format!(
            "`{key}` is not a field of a `{}` step (only {} steps have it)",
            kind.name(),
            owners.join(", ")
        )
    };
    let d = cx.report("FDL103", entry.key.span, message);
    if let Some(edit) = remove {
        d.fix(format!("remove `{key}`"), vec![edit], false);
    }
}

/// Plain scalars that YAML 1.1 reads as booleans but YAML 1.2 reads as strings.
fn yaml11_bool(node: &Node) -> Option<bool> {
    let s = node.as_scalar().filter(|s| s.style == ScalarStyle::Plain)?;
    match s.value.to_ascii_lowercase().as_str() {
        "yes" | "on" | "y" => Some(true),
        "no" | "off" | "n" => Some(false),
        _ => None,
    }
}

fn check_value(cx: &mut Checker, entry: &Entry, field: &catalogue::Field, context: Context) {
    let value = &entry.value;
    if is_placeholder(value) || value.is_error() {
        return;
    }
    let key = field.name;
    let expected = match field.ty {
        ValueType::Any | ValueType::Special => return,
        ValueType::String => {
            if value.as_scalar().is_some() && !value.is_null() {
                return;
            }
            "a string"
        }
        ValueType::Boolean => {
            if value.as_bool().is_some() {
                return;
            }
            if let Some(b) = yaml11_bool(value) {
                cx.report(
                    "FDL004",
                    value.span,
                    format!("`{key}: {}` is the string {} in YAML 1.2, not a boolean", cx.slice(value.span), quote(cx.slice(value.span))),
                )
                .note("YAML 1.1 read `yes`/`no`/`on`/`off` as booleans; YAML 1.2, which the service uses, does not")
                .replace(value.span, b.to_string(), true);
                return;
            }
            "`true` or `false`"
        }
        ValueType::Integer => {
            if value.as_i64().is_some() {
                return;
            }
            if value
                .as_f64()
                .is_some_and(|f| f.fract() == 0.0 && f.abs() >= 9.2e18)
            {
                cx.report(
                    "FDL104",
                    value.span,
                    format!(
                        "`{key}` is too large: {} does not fit a 64-bit whole number",
                        cx.slice(value.span)
                    ),
                );
                return;
            }
            "a whole number"
        }
        ValueType::Number => {
            if value.as_f64().is_some() {
                return;
            }
            "a number"
        }
        ValueType::Object(_) | ValueType::Map => {
            if value.as_mapping().is_some() || (value.is_null() && !field.required) {
                return;
            }
            "a mapping"
        }
        ValueType::ListOf(_) | ValueType::Steps | ValueType::StringList => {
            if let Some(items) = value.as_sequence() {
                check_items(cx, key, items, field.ty);
                return;
            }
            if value.is_null() && !field.required {
                return;
            }
            match field.ty {
                ValueType::Steps => "a list of steps",
                ValueType::StringList => "a list of names",
                _ => "a list",
            }
        }
    };
    // Show a scalar as written, so `"true"` visibly is a string.
    let found = cx.shown(value);
    let d = cx.report(
        "FDL104",
        value_span(entry),
        format!("`{key}` must be {expected}, but it is {found}"),
    );
    // Quoted numbers and booleans: offer the unquoted value.
    if let Some(s) = value.as_scalar()
        && matches!(
            s.style,
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted
        )
    {
        let unquoted = fdl_syntax::resolve_plain(&s.value);
        let fits = match field.ty {
            ValueType::Boolean => matches!(unquoted, CoreValue::Bool(_)),
            ValueType::Integer => matches!(unquoted, CoreValue::Int(_)),
            ValueType::Number => matches!(unquoted, CoreValue::Int(_) | CoreValue::Float(_)),
            _ => false,
        };
        if fits {
            d.replace(value.span, s.value.clone(), true);
        }
    }
    if context == Context::Step(StepKind::Choice) && key == "default" && value.as_scalar().is_some()
    {
        d.note("`default` is a mapping with `steps` and/or `goto`, not a step name")
            .help(format!(
                "write `default:` and, indented below it, `goto: {}`",
                value.scalar_text().unwrap_or_default()
            ));
    }
}

fn check_items(cx: &mut Checker, key: &str, items: &[Node], ty: ValueType) {
    for item in items {
        if is_placeholder(item) || item.is_error() {
            continue;
        }
        let (ok, expected) = match ty {
            ValueType::StringList => (item.as_scalar().is_some() && !item.is_null(), "a name"),
            ValueType::Steps => (
                item.as_mapping().is_some(),
                "a step (a mapping with `type` and `name`)",
            ),
            _ => (item.as_mapping().is_some(), "a mapping"),
        };
        if !ok {
            cx.report(
                "FDL104",
                item.span,
                format!(
                    "each item of `{key}` must be {expected}, but this one is {}",
                    item.type_name()
                ),
            );
        }
    }
}

pub(crate) fn check_flow_header(cx: &mut Checker, root: &Node) {
    if let Some(entry) = root.get_entry("version") {
        check_version(cx, entry);
    }
    if let Some(entry) = root.get_entry("type")
        && !is_placeholder(&entry.value)
        && entry.value.as_str() != Some("flow")
    {
        let text = entry.value.scalar_text().unwrap_or_default();
        let d = cx.report(
            "FDL108",
            value_span(entry),
            format!(
                "the top-level `type` must be `flow`, but it is {}",
                if text.is_empty() {
                    entry.value.type_name().to_string()
                } else {
                    quote(text)
                }
            ),
        );
        if text.eq_ignore_ascii_case("flow") {
            d.replace_scalar(&entry.value, "flow", true);
        }
    }
    if let Some(entry) = root.get_entry("timeoutSeconds") {
        check_timeout(cx, entry, true);
    }
}

fn check_version(cx: &mut Checker, entry: &Entry) {
    let value = &entry.value;
    if is_placeholder(value) {
        return;
    }
    match value.as_str() {
        Some("v1") => {}
        Some("v1beta1") => {
            cx.report(
                "FDL107",
                value.span,
                "`v1beta1` is the legacy name of FDL `v1`",
            )
            .note("the service accepts it, and about half of deployed flows still use it")
            .replace_scalar(value, "v1", false);
        }
        _ => {
            let text = value.scalar_text().unwrap_or_default();
            let shown = if text.is_empty() {
                value.type_name().to_string()
            } else {
                quote(text)
            };
            let d = cx.report(
                "FDL106",
                value_span(entry),
                format!("unsupported FDL version {shown}: the service only accepts `v1`"),
            );
            if value.as_scalar().is_some() {
                d.replace_scalar(value, "v1", false);
            }
        }
    }
}

fn check_timeout(cx: &mut Checker, entry: &Entry, flow_level: bool) {
    let value = &entry.value;
    if is_placeholder(value) {
        return;
    }
    match value.as_i64() {
        Some(n) if n > 0 => {
            if flow_level && n > MAX_EXECUTION_SECONDS {
                cx.report(
                    "FDL116",
                    value.span,
                    format!("`timeoutSeconds: {n}` is more than a year, but an execution lasts at most one year ({MAX_EXECUTION_SECONDS} seconds)"),
                );
            }
        }
        _ => {
            let shown = cx.shown(value);
            let d = cx.report(
                "FDL115",
                value_span(entry),
                format!(
                    "`timeoutSeconds` must be a positive whole number of seconds, but it is {shown}"
                ),
            );
            if let Some(s) = value.as_scalar()
                && s.style != ScalarStyle::Plain
                && fdl_syntax::resolve_plain(&s.value) != CoreValue::Str(&s.value)
                && s.value.parse::<i64>().is_ok_and(|n| n > 0)
            {
                d.replace(value.span, s.value.clone(), true);
            }
        }
    }
}

pub(crate) fn check_step(cx: &mut Checker, step: &Step) {
    if let Some(type_node) = step.type_node
        && step.kind.is_none()
        && !is_placeholder(type_node)
    {
        unknown_step_type(cx, type_node);
    }
    if let Some(entry) = step.node.get_entry("name") {
        check_step_name(cx, entry);
    }
    if let Some(entry) = step.node.get_entry("timeoutSeconds")
        && step.kind == Some(StepKind::Task)
    {
        check_timeout(cx, entry, false);
    }
    match &step.body {
        Body::Wait(wait) => check_wait(cx, step, wait),
        Body::Parallel(parallel) => {
            if let Some(branches) = parallel.branches_node.and_then(Node::as_sequence)
                && branches.len() > MAX_PARALLEL_BRANCHES
            {
                let extra = &branches[MAX_PARALLEL_BRANCHES];
                cx.report(
                    "FDL114",
                    extra.span,
                    format!("a parallel step can have at most {MAX_PARALLEL_BRANCHES} branches, but this one has {}", branches.len()),
                )
                .note("this is the 101st branch")
                .help("split the work into nested parallel steps, or use a foreach step over a list");
            }
        }
        _ => {}
    }
}

fn unknown_step_type(cx: &mut Checker, type_node: &Node) {
    let Some(text) = type_node.scalar_text() else {
        if !type_node.is_error() {
            cx.report(
                "FDL104",
                type_node.span,
                format!(
                    "`type` must be a step type such as `task`, but it is {}",
                    type_node.type_name()
                ),
            );
        }
        return;
    };
    let synonyms = match text.to_ascii_lowercase().as_str() {
        "map" | "for" | "loop" | "for-each" | "for_each" | "iterate" => Some("foreach"),
        "switch" | "if" | "branch" | "condition" => Some("choice"),
        "sleep" | "delay" | "timer" => Some("wait"),
        "success" | "succeeded" | "end" | "done" | "return" => Some("succeed"),
        "failure" | "failed" | "error" | "throw" | "raise" => Some("fail"),
        "function" | "invoke" | "call" | "action" => Some("task"),
        _ => None,
    };
    let suggestion =
        synonyms.or_else(|| did_you_mean(text, StepKind::ALL.iter().map(|k| k.name())));
    let message = if text.is_empty() {
        "the step's `type` is empty".to_string()
    } else {
        format!("unknown step type {}", quote(text))
    };
    cx.report_misspelt("FDL105", type_node, text, message, suggestion)
        .note(format!(
            "the step types are {}",
            list_names(StepKind::ALL.iter().map(|k| k.name()))
        ));
}

fn check_step_name(cx: &mut Checker, entry: &Entry) {
    let value = &entry.value;
    if is_placeholder(value) || value.is_error() {
        return;
    }
    match &value.kind {
        // `name: ~` is null in YAML: no name at all, whatever the text shows.
        NodeKind::Scalar(s) if s.value.trim().is_empty() || value.is_null() => {
            cx.report("FDL109", value_span(entry), "the step's `name` is empty")
                .help("give the step a name: `goto` and `catch` refer to steps by name");
        }
        NodeKind::Scalar(s) => {
            let chars = s.value.chars().count();
            if chars > MAX_STEP_NAME_CHARS {
                cx.report(
                    "FDL110",
                    value.span,
                    format!("this step name is {chars} characters long; keep names to {MAX_STEP_NAME_CHARS} characters or fewer"),
                )
                .note("no limit is documented for step names, but flow and execution names are limited to 128 characters");
            }
        }
        _ => {
            cx.report(
                "FDL104",
                value.span,
                format!("`name` must be a string, but it is {}", value.type_name()),
            );
        }
    }
}

fn check_wait(cx: &mut Checker, step: &Step, wait: &fdl_model::model::Wait) {
    match (wait.duration, wait.timestamp) {
        (Some(_), Some(_)) => {
            let span = step
                .node
                .get_entry("timestamp")
                .map_or(step.node.span, |e| e.key.span);
            cx.report(
                "FDL111",
                span,
                "a wait step takes `duration` or `timestamp`, not both",
            )
            .help("keep the one you mean and remove the other");
        }
        (None, None) if !cx.touches_syntax_error(step.node) => {
            let what = step
                .name_text()
                .map_or("a wait step".to_string(), |n| format!("wait step `{n}`"));
            cx.report(
                "FDL111",
                head_span(step.node),
                format!("{what} needs `duration` or `timestamp`"),
            )
            .help("add `duration: 10` (seconds) or `timestamp: 2030-01-01T00:00:00Z`");
        }
        _ => {}
    }
    if let Some(d) = wait.duration {
        check_duration(cx, d);
    }
    if let Some(t) = wait.timestamp {
        check_timestamp(cx, t);
    }
}

fn check_duration(cx: &mut Checker, node: &Node) {
    if is_placeholder(node) || node.is_error() {
        return;
    }
    if let Some(seconds) = node.as_f64() {
        if seconds.is_nan() {
            cx.report(
                "FDL112",
                node.span,
                "a wait `duration` must be a number of seconds, not `.nan`",
            );
        } else if seconds < 0.0 {
            cx.report("FDL112", node.span, "a wait `duration` cannot be negative");
        } else if seconds > MAX_WAIT_SECONDS as f64 {
            cx.report(
                "FDL112",
                node.span,
                format!("a wait can last at most 2 days ({MAX_WAIT_SECONDS} seconds), but this `duration` is {}", cx.slice(node.span)),
            )
            .help("chain several wait steps, or use a timer outside the flow");
        }
        return;
    }
    if let Some(text) = node.as_str()
        && text.starts_with('$')
    {
        check_dollar_path(cx, node, text, "duration");
        return;
    }
    cx.report(
        "FDL112",
        node.span,
        format!("a wait `duration` must be a number of seconds or a `$.key` of the step input, but it is {}", cx.shown(node)),
    );
}

fn check_timestamp(cx: &mut Checker, node: &Node) {
    if is_placeholder(node) || node.is_error() {
        return;
    }
    let Some(scalar) = node.as_scalar().filter(|_| !node.is_null()) else {
        cx.report(
            "FDL113",
            node.span,
            format!(
                "a wait `timestamp` must be an RFC 3339 time or a `$.key`, but it is {}",
                node.type_name()
            ),
        );
        return;
    };
    let text = scalar.value.as_str();
    if text.starts_with('$') {
        check_dollar_path(cx, node, text, "timestamp");
        return;
    }
    if is_rfc3339(text) || (scalar.style == ScalarStyle::Plain && is_yaml11_timestamp(text)) {
        return;
    }
    cx.report(
        "FDL113",
        node.span,
        format!("{} is not an RFC 3339 time", quote(text)),
    )
    .help("write a full date and time with a zone, e.g. `2030-05-02T15:04:05Z` or `2030-05-02T23:04:05+08:00`, or a `$.key` of the step input");
}
