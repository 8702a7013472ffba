//! 4xx: tasks and integrations: the task target, `resourceArn` shapes, patterns, MNS
//! parameters, task tokens, error names, retry numbers, `action` and `serviceParams`.

use fdl_model::catalogue::{
    BUILTIN_ERROR_PREFIXES, BUILTIN_ERRORS, DEFAULT_PATTERN, Integration,
    MAX_RETRY_INTERVAL_SECONDS, PATTERN_VALUES, builtin_error,
};
use fdl_model::catalogue::{Context, StepKind};
use fdl_model::model::{Body, RetryRule, Step, Task};
use fdl_model::values::{Arn, is_placeholder, parse_arn};
use fdl_syntax::{Node, NodeKind};

use crate::context::{Checker, head_span, list_names, quote};
use crate::rules::structure::{keys_of, misspelling_of};
use crate::suggest::did_you_mean;

const TASK_TOKEN: &str = "$context.task.token";

/// The task rules of one step (not of the steps nested in it).
pub(crate) fn check_step(cx: &mut Checker, step: &Step) {
    if let Body::Task(task) = &step.body {
        check_task(cx, step, task);
    }
}

fn check_task(cx: &mut Checker, step: &Step, task: &Task) {
    let integration = check_target(cx, step, task);
    let pattern = check_pattern(cx, task, integration);
    if let Some(integration) = integration {
        check_service_params(cx, step, task, integration);
    }
    check_task_token(cx, step, task, pattern);
    check_error_names(cx, task);
    for rule in &task.retry {
        check_retry_numbers(cx, rule);
    }
    if let Some(list) = &task.error_mappings
        && task.catch.is_empty()
    {
        let span = step
            .node
            .get_entry("errorMappings")
            .map_or(list.node.span, |e| e.key.span);
        cx.report("FDL307", span, "`errorMappings` has no effect on a task without `catch`")
            .note("error mappings shape the output passed to the `catch` target when the task fails; without `catch` they are never used")
            .help("add a `catch` rule, or remove `errorMappings`");
    }
}

/// `key:` with nothing after it, or an empty string.
fn is_empty_value(node: &Node) -> bool {
    node.is_null() || node.as_str().is_some_and(|s| s.trim().is_empty())
}

/// FDL401, pointing at a misspelt or empty `resourceArn`/`action` when there is one.
fn missing_target(cx: &mut Checker, step: &Step, empty: Option<&Node>) {
    let what = step
        .name_text()
        .map_or("a `task` step".to_string(), |n| format!("task `{n}`"));
    let context = Context::Step(StepKind::Task);
    let present = keys_of(step.node);
    let misspelt = step
        .node
        .as_mapping()
        .unwrap_or_default()
        .iter()
        .find_map(|e| {
            let key = e.key.as_str()?;
            let field = misspelling_of(key, context, &present)?;
            matches!(field, "resourceArn" | "action").then_some((e, key, field))
        });
    if let Some((entry, key, field)) = misspelt {
        cx.report(
            "FDL401",
            entry.key.span,
            format!("{what} needs `resourceArn` or `action`: `{key}` looks like a misspelling of `{field}`"),
        )
        .replace_scalar(&entry.key, field, key.eq_ignore_ascii_case(field));
        return;
    }
    // With nothing misspelt, the target may simply be lost in text that could not be read.
    if cx.touches_syntax_error(step.node) {
        return;
    }
    let (span, message) = match empty {
        Some(node) => (
            if node.span.is_empty() {
                head_span(step.node)
            } else {
                node.span
            },
            format!("{what} needs `resourceArn` or `action`, but it is empty"),
        ),
        None => (
            head_span(step.node),
            format!("{what} needs `resourceArn` or `action`"),
        ),
    };
    cx.report("FDL401", span, message)
        .help("add `resourceArn: acs:fc:::services/{service}/functions/{function}` (or an MNS or child-flow ARN), or `action: {service}:{Api}`");
}

/// Checks `resourceArn` / `action`; returns the integration the ARN names, when known.
fn check_target(cx: &mut Checker, step: &Step, task: &Task) -> Option<Integration> {
    match (task.resource_arn, task.action) {
        (None, None) => {
            missing_target(cx, step, None);
            None
        }
        (Some(arn), None) if is_empty_value(arn) => {
            missing_target(cx, step, Some(arn));
            None
        }
        (None, Some(action)) if is_empty_value(action) => {
            missing_target(cx, step, Some(action));
            None
        }
        (Some(arn), Some(action)) => {
            cx.report("FDL402", action.span, "this task has both `resourceArn` and `action`: give only one")
                .label(arn.span, "`resourceArn` given here")
                .note("`action` calls a cloud API instead of the resource that `resourceArn` names; which one the service uses is not documented");
            check_action(cx, action);
            check_arn(cx, arn)
        }
        (Some(arn), None) => check_arn(cx, arn),
        (None, Some(action)) => {
            check_action(cx, action);
            None
        }
    }
}

fn check_arn(cx: &mut Checker, node: &Node) -> Option<Integration> {
    if node.is_error() || (node.as_scalar().is_none() && is_placeholder(node)) {
        return None;
    }
    let Some(text) = node.as_str() else {
        cx.report(
            "FDL104",
            node.span,
            format!(
                "`resourceArn` must be a string, but it is {}",
                node.type_name()
            ),
        );
        return None;
    };
    if is_placeholder(node) {
        // `acs:mns:::/queues/${QueueName}/messages` still names an MNS queue: its shape is
        // checked no further, but what it integrates with is known.
        return match (node.tag.is_none(), parse_arn(text)) {
            (true, Arn::Known(integration)) => Some(integration),
            _ => None,
        };
    }
    match parse_arn(text) {
        Arn::Known(integration) => Some(integration),
        Arn::NotAcs => {
            let d = cx.report(
                "FDL403",
                node.span,
                format!(
                    "{} is not an Alibaba Cloud resource name: a `resourceArn` starts with `acs:`",
                    quote(text)
                ),
            );
            if text.starts_with("arn:") {
                d.note("this looks like an AWS ARN; FDL runs on Alibaba Cloud");
            }
            d.help("e.g. `acs:fc:::services/{service}/functions/{function}`, `acs:mns:::/queues/{queue}/messages` or `acs:fnf:::flow/{flow}`");
            None
        }
        Arn::UnknownService("") => {
            cx.report(
                "FDL403",
                node.span,
                format!("{} names no service: a `resourceArn` reads `acs:{{service}}:{{region}}:{{account}}:{{resource}}`", quote(text)),
            )
            .help("e.g. `acs:fc:::services/{service}/functions/{function}`, `acs:mns:::/queues/{queue}/messages` or `acs:fnf:::flow/{flow}`");
            None
        }
        Arn::UnknownService(service) => {
            cx.report(
                "FDL404",
                node.span,
                format!("`acs:{service}` is not an integration documented for FDL v1 tasks"),
            )
            .note("documented: Function Compute (`acs:fc`), MNS queues and topics (`acs:mns`) and child flows (`acs:fnf`); cloud APIs are called with `action:` instead");
            None
        }
        Arn::Malformed { service, expected } => {
            let forms: Vec<String> = expected
                .iter()
                .map(|i| format!("`{}`", i.arn_template()))
                .collect();
            let forms = forms.join(" or ");
            cx.report(
                "FDL405",
                node.span,
                format!(
                    "this `acs:{service}` resource name does not match the documented form {forms}"
                ),
            );
            None
        }
    }
}

fn check_action(cx: &mut Checker, node: &Node) {
    if is_placeholder(node) || node.is_error() {
        return;
    }
    let Some(text) = node.as_str() else {
        cx.report(
            "FDL104",
            node.span,
            format!("`action` must be a string, but it is {}", node.type_name()),
        );
        return;
    };
    let ok = text.split_once(':').is_some_and(|(service, api)| {
        !service.is_empty()
            && !api.is_empty()
            && !api.contains(':')
            && service
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && api.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    });
    if !ok {
        let d = cx.report(
            "FDL413",
            node.span,
            format!("`action` should be `{{serviceName}}:{{ApiName}}`, e.g. `ocr:RecognizeIdentityCard`, but it is {}", if text.is_empty() { node.type_name().to_string() } else { quote(text) }),
        );
        // `facebody.DetectFace`: the separator is wrong.
        if let Some((service, api)) = text.split_once('.')
            && !service.is_empty()
            && !api.is_empty()
            && !api.contains(['.', ':'])
        {
            d.replace_scalar(node, &format!("{service}:{api}"), false);
        }
    }
}

/// Checks `pattern`; returns it when it is a known value (`requestResponse` when absent).
fn check_pattern<'a>(
    cx: &mut Checker,
    task: &Task<'a>,
    integration: Option<Integration>,
) -> Option<&'a str> {
    let Some(node) = task.pattern else {
        return Some(DEFAULT_PATTERN);
    };
    if is_placeholder(node) || node.is_error() {
        return None;
    }
    let text = node.scalar_text()?;
    let names = PATTERN_VALUES.iter().map(|v| v.name);
    if let Some(known) = PATTERN_VALUES.iter().find(|v| v.name == text) {
        if let Some(integration) = integration
            && !integration.patterns().contains(&known.name)
        {
            let supported: Vec<String> = integration
                .patterns()
                .iter()
                .map(|p| format!("`{p}`"))
                .collect();
            cx.report(
                "FDL407",
                node.span,
                format!(
                    "{} task does not support the `{text}` pattern",
                    integration.with_article()
                ),
            )
            .note(format!(
                "{} tasks support {}",
                integration.title(),
                supported.join(" and ")
            ));
        }
        return Some(known.name);
    }
    let suggestion = did_you_mean(text, names);
    let message = format!("unknown pattern {}", quote(text));
    cx.report_misspelt("FDL406", node, text, message, suggestion)
        .note(format!(
            "the patterns are {} (the default is `{DEFAULT_PATTERN}`)",
            list_names(PATTERN_VALUES.iter().map(|v| v.name)),
        ));
    None
}

fn check_service_params(cx: &mut Checker, step: &Step, task: &Task, integration: Integration) {
    let params = integration.service_params();
    let node = task.service_params;
    // A placeholder, or a value of the wrong type (reported by the structure rules), tells
    // nothing about the parameters.
    if node.is_some_and(|n| is_placeholder(n) || !(n.as_mapping().is_some() || n.is_null())) {
        return;
    }
    let entries = node.and_then(Node::as_mapping).unwrap_or_default();
    // A required parameter written in another case: reported once, as that.
    let mut miscased: Vec<&str> = Vec::new();
    for param in params.iter().filter(|p| p.required) {
        let given = entries
            .iter()
            .find(|e| e.key.scalar_text() == Some(param.name));
        if given.is_some_and(|e| !e.value.is_null()) || cx.touches_syntax_error(step.node) {
            continue;
        }
        let what = format!(
            "{} task needs `serviceParams.{}`",
            integration.with_article(),
            param.name
        );
        if let Some(entry) = given {
            cx.report(
                "FDL408",
                entry.key.span,
                format!("{what}, but it is empty: the message to send"),
            )
            .help("e.g. `MessageBody: $` sends the step's whole (mapped) input");
            continue;
        }
        if let Some(entry) = entries.iter().find(|e| {
            e.key
                .scalar_text()
                .is_some_and(|k| k.eq_ignore_ascii_case(param.name))
        }) {
            let key = entry.key.scalar_text().unwrap_or_default();
            miscased.push(key);
            cx.report(
                "FDL408",
                entry.key.span,
                format!("{what}: `{key}` is not it, parameter names are case-sensitive"),
            )
            .replace_scalar(&entry.key, param.name, true);
            continue;
        }
        let span = step
            .node
            .get_entry("serviceParams")
            .map(|e| e.key.span)
            .or(task.resource_arn.map(|n| n.span))
            .unwrap_or(step.node.span);
        cx.report("FDL408", span, format!("{what}: the message to send"))
            .help("add `serviceParams:` with `MessageBody: $` to send the step's whole (mapped) input");
    }
    for entry in entries {
        let Some(key) = entry.key.scalar_text() else {
            continue;
        };
        if miscased.contains(&key) {
            continue;
        }
        if !params.iter().any(|p| p.name == key) {
            // Only parameters not given yet: suggesting one that is would duplicate it.
            let given = keys_of(node.unwrap_or(step.node));
            let suggestion = did_you_mean(
                key,
                params.iter().map(|p| p.name).filter(|p| !given.contains(p)),
            );
            let message = format!(
                "`{key}` is not a known parameter of {} task",
                integration.with_article()
            );
            cx.report_misspelt("FDL414", &entry.key, key, message, suggestion)
                .note(format!(
                    "documented parameters: {}",
                    list_names(params.iter().map(|p| p.name))
                ));
            continue;
        }
        check_param_value(cx, key, &entry.value);
    }
}

fn check_param_value(cx: &mut Checker, key: &str, value: &Node) {
    if is_placeholder(value) || value.as_str().is_some_and(|s| s.starts_with('$')) {
        return;
    }
    let range = |lo: i64, hi: i64, what: &str, cx: &mut Checker| {
        let ok = value.as_i64().is_some_and(|n| (lo..=hi).contains(&n));
        if !ok {
            cx.report(
                "FDL415",
                value.span,
                format!(
                    "`{key}` must be a whole number from {lo} to {hi} ({what}), but it is {}",
                    cx.shown(value)
                ),
            );
        }
    };
    match key {
        "InvocationType" => {
            let text = value.scalar_text().unwrap_or_default();
            if text != "Sync" && text != "Async" {
                let d = cx.report(
                    "FDL415",
                    value.span,
                    format!(
                        "`InvocationType` must be `Sync` or `Async`, but it is {}",
                        cx.shown(value)
                    ),
                );
                if let Some(s) = ["Sync", "Async"]
                    .into_iter()
                    .find(|s| s.eq_ignore_ascii_case(text))
                {
                    d.replace_scalar(value, s, true);
                }
            }
        }
        "Priority" => range(1, 16, "1 is the highest priority", cx),
        "DelaySeconds" => range(0, 604_800, "at most 7 days", cx),
        _ => {}
    }
}

/// Every scalar under `node` (mapping keys excluded), the node itself included.
fn scalars(node: &Node) -> Vec<&Node> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match &n.kind {
            NodeKind::Scalar(_) => out.push(n),
            NodeKind::Mapping(entries) => stack.extend(entries.iter().map(|e| &e.value)),
            NodeKind::Sequence(items) => stack.extend(items.iter()),
            NodeKind::Error => {}
        }
    }
    out
}

fn check_task_token(cx: &mut Checker, step: &Step, task: &Task, pattern: Option<&str>) {
    // Where the token can be handed to whoever reports back: the task's mappings and its
    // service parameters, whatever their shape.
    let places: Vec<&Node> = [
        "inputMappings",
        "outputMappings",
        "errorMappings",
        "serviceParams",
    ]
    .iter()
    .filter_map(|key| step.node.get(key))
    .flat_map(scalars)
    .collect();
    let uses: Vec<&Node> = places
        .iter()
        .copied()
        .filter(|n| n.scalar_text().is_some_and(|t| t.contains(TASK_TOKEN)))
        .collect();
    // `$context` or `$context.task` hand over the whole object, token included; a misspelt
    // member (`$context.task.tokn`) is reported by itself; a placeholder may hold anything.
    let may_pass_token = !uses.is_empty()
        || places.iter().any(|n| {
            is_placeholder(n)
                || n.scalar_text().is_some_and(|t| {
                    let t = t.trim();
                    t == "$context" || t.starts_with("$context.task")
                })
        });
    match pattern {
        Some("waitForCallback") if !may_pass_token => {
            if !cx.touches_syntax_error(step.node) {
                let span = task
                    .pattern
                    .map_or_else(|| head_span(step.node), |p| p.span);
                cx.report(
                    "FDL410",
                    span,
                    "this `waitForCallback` task passes no task token, so nobody can report back: it will wait until it times out",
                )
                .help("pass `$context.task.token` in `inputMappings` (e.g. `target: taskToken`, `source: $context.task.token`) so the worker can call ReportTaskSucceeded or ReportTaskFailed with it");
            }
        }
        Some("waitForCallback") | None => {}
        Some(p) => {
            for node in uses {
                cx.report(
                    "FDL409",
                    node.span,
                    format!("`$context.task.token` is only reported back by `waitForCallback` tasks, but this task's pattern is `{p}`"),
                )
                .help("set `pattern: waitForCallback` if the task should wait for a callback, or drop the token");
            }
        }
    }
}

fn check_error_names(cx: &mut Checker, task: &Task) {
    let lists = task
        .retry
        .iter()
        .map(|r| &r.errors)
        .chain(task.catch.iter().map(|c| &c.errors));
    for errors in lists {
        for node in errors {
            let Some(name) = node.as_str() else { continue };
            if is_placeholder(node) || builtin_error(name).is_some() {
                continue;
            }
            if !BUILTIN_ERROR_PREFIXES.iter().any(|p| name.starts_with(p)) {
                continue; // custom names and `{service}.{Code}` names are fine
            }
            let suggestion = did_you_mean(name, BUILTIN_ERRORS.iter().map(|e| e.name));
            let message = format!("{} is not a built-in error name", quote(name));
            cx.report_misspelt("FDL411", node, name, message, suggestion)
                .note("names starting with `FnF.` or `FC.` are reserved for the built-in errors; a misspelt one never matches, so the rule silently does nothing");
        }
    }
}

fn check_retry_numbers(cx: &mut Checker, rule: &RetryRule) {
    for (key, node) in [
        ("intervalSeconds", rule.interval_seconds),
        ("maxIntervalSeconds", rule.max_interval_seconds),
    ] {
        if let Some(n) = node.and_then(Node::as_i64)
            && !(1..=MAX_RETRY_INTERVAL_SECONDS).contains(&n)
        {
            cx.report(
                "FDL412",
                node.map_or(rule.node.span, |n| n.span),
                format!("`{key}` must be from 1 to {MAX_RETRY_INTERVAL_SECONDS} seconds (one day), but it is {n}"),
            );
        }
    }
    if let Some(node) = rule.max_attempts
        && let Some(n) = node.as_i64()
        && n < 0
    {
        cx.report(
            "FDL412",
            node.span,
            format!("`maxAttempts` cannot be negative, but it is {n}"),
        )
        .help("use 0 for no retry");
    }
    if let Some(node) = rule.multiplier
        && let Some(m) = node.as_f64()
        && !(m.is_finite() && m >= 1.0)
    {
        cx.report(
            "FDL412",
            node.span,
            format!("`multiplier` must be at least 1, but it is {}", node.scalar_text().unwrap_or_default()),
        )
        .note("the delay between retries is multiplied by this after each attempt; below 1 it would shrink");
    }
}
