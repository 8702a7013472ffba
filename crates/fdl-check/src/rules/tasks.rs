//! 4xx: tasks and integrations: the task target, `resourceArn` shapes, patterns, MNS
//! parameters, task tokens, error names, retry numbers, `action` and `serviceParams`.

use fdl_model::catalogue::{
    BUILTIN_ERROR_PREFIXES, BUILTIN_ERRORS, Integration, MAX_RETRY_INTERVAL_SECONDS,
    PATTERN_VALUES, builtin_error,
};
use fdl_model::model::{Body, Flow, RetryRule, Step, Task};
use fdl_model::values::{Arn, is_placeholder, parse_arn};
use fdl_syntax::{Node, NodeKind};

use crate::context::{Checker, head_span, quote};
use crate::suggest::did_you_mean;

const TASK_TOKEN: &str = "$context.task.token";

pub(crate) fn check(cx: &mut Checker, flow: &Flow) {
    flow.for_each_step(|step| {
        if let Body::Task(task) = &step.body {
            check_task(cx, step, task);
        }
    });
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

/// Checks `resourceArn` / `action`; returns the integration the ARN names, when known.
fn check_target(cx: &mut Checker, step: &Step, task: &Task) -> Option<Integration> {
    match (task.resource_arn, task.action) {
        (None, None) => {
            if !cx.touches_syntax_error(step.node) {
                let what = step
                    .name_text()
                    .map_or("a `task` step".to_string(), |n| format!("task `{n}`"));
                cx.report("FDL401", head_span(step.node), format!("{what} needs `resourceArn` or `action`"))
                    .help("add `resourceArn: acs:fc:::services/{service}/functions/{function}` (or an MNS or child-flow ARN), or `action: {service}:{Api}`");
            }
            None
        }
        (Some(arn), Some(action)) => {
            cx.report("FDL402", action.span, "this task has both `resourceArn` and `action`: give only one")
                .label(arn.span, "`resourceArn` given here")
                .note("`action` calls a cloud API instead of the resource that `resourceArn` names; which one the service uses is not documented");
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
    if is_placeholder(node) || node.is_error() {
        return None;
    }
    let Some(text) = node.as_str() else {
        cx.report(
            "FDL403",
            node.span,
            format!(
                "`resourceArn` must be a string, but it is {}",
                node.type_name()
            ),
        );
        return None;
    };
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
            cx.report(
                "FDL405",
                node.span,
                format!("this `acs:{service}` resource name does not match the documented form `{expected}`"),
            );
            None
        }
    }
}

fn check_action(cx: &mut Checker, node: &Node) {
    if is_placeholder(node) || node.is_error() {
        return;
    }
    let text = node.scalar_text().unwrap_or_default();
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
            d.replace(node.span, format!("{service}:{api}"), false);
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
        return Some("requestResponse");
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
    let mut message = format!("unknown pattern {}", quote(text));
    if let Some(s) = suggestion {
        message.push_str(&format!(": did you mean `{s}`?"));
    }
    let d = cx.report("FDL406", node.span, message);
    d.note("the patterns are `requestResponse` (the default), `sync` and `waitForCallback`");
    if let Some(s) = suggestion {
        d.replace(node.span, s, s.eq_ignore_ascii_case(text));
    }
    None
}

fn check_service_params(cx: &mut Checker, step: &Step, task: &Task, integration: Integration) {
    let params = integration.service_params();
    let node = task.service_params;
    if node.is_some_and(is_placeholder) {
        return;
    }
    let entries = node.and_then(Node::as_mapping).unwrap_or_default();
    for param in params.iter().filter(|p| p.required) {
        if !entries
            .iter()
            .any(|e| e.key.scalar_text() == Some(param.name))
            && !cx.touches_syntax_error(step.node)
        {
            let span = step
                .node
                .get_entry("serviceParams")
                .map(|e| e.key.span)
                .or(task.resource_arn.map(|n| n.span))
                .unwrap_or(step.node.span);
            cx.report(
                "FDL408",
                span,
                format!("{} task needs `serviceParams.{}`: the message to send", integration.with_article(), param.name),
            )
            .help("add `serviceParams:` with `MessageBody: $` to send the step's whole (mapped) input");
        }
    }
    for entry in entries {
        let Some(key) = entry.key.scalar_text() else {
            continue;
        };
        if !params.iter().any(|p| p.name == key) {
            let suggestion = did_you_mean(key, params.iter().map(|p| p.name));
            let mut message = format!(
                "`{key}` is not a known parameter of {} task",
                integration.with_article()
            );
            if let Some(s) = suggestion {
                message.push_str(&format!(": did you mean `{s}`?"));
            }
            let known: Vec<String> = params.iter().map(|p| format!("`{}`", p.name)).collect();
            let d = cx.report("FDL414", entry.key.span, message);
            d.note(format!("documented parameters: {}", known.join(", ")));
            if let Some(s) = suggestion {
                d.replace(entry.key.span, s, s.eq_ignore_ascii_case(key));
            }
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
                    shown(value)
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
                        shown(value)
                    ),
                );
                if let Some(s) = ["Sync", "Async"]
                    .into_iter()
                    .find(|s| s.eq_ignore_ascii_case(text))
                {
                    d.replace(value.span, s, true);
                }
            }
        }
        "Priority" => range(1, 16, "1 is the highest priority", cx),
        "DelaySeconds" => range(0, 604_800, "at most 7 days", cx),
        _ => {}
    }
}

fn shown(node: &Node) -> String {
    node.scalar_text()
        .filter(|t| !t.is_empty())
        .map_or_else(|| node.type_name().to_string(), quote)
}

/// Every scalar under `node` (mapping keys excluded) with its text.
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
    // service parameters.
    let mut places: Vec<&Node> = Vec::new();
    for (_, list) in step.mapping_lists() {
        places.push(list.node);
    }
    places.extend(task.service_params);
    let uses: Vec<&Node> = places
        .iter()
        .flat_map(|n| scalars(n))
        .filter(|n| n.scalar_text().is_some_and(|t| t.contains(TASK_TOKEN)))
        .collect();
    match pattern {
        Some("waitForCallback") if uses.is_empty() => {
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
            let mut message = format!("{} is not a built-in error name", quote(name));
            if let Some(s) = suggestion {
                message.push_str(&format!(": did you mean `{s}`?"));
            }
            let d = cx.report("FDL411", node.span, message);
            d.note("names starting with `FnF.` or `FC.` are reserved for the built-in errors; a misspelt one never matches, so the rule silently does nothing");
            if let Some(s) = suggestion {
                d.replace(node.span, s, s.eq_ignore_ascii_case(name));
            }
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
        && m < 1.0
    {
        cx.report(
            "FDL412",
            node.span,
            format!("`multiplier` must be at least 1, but it is {}", node.scalar_text().unwrap_or_default()),
        )
        .note("the delay between retries is multiplied by this after each attempt; below 1 it would shrink");
    }
}
