//! Markdown documentation built from the catalogue, shared by hover and completion.

use fdl_model::catalogue::{
    BuiltinError, Context, EnumValue, Field, Integration, ServiceParam, StepKind, ValueType,
};

/// A short description of a field's type, for a completion's detail line.
pub(crate) fn type_label(context: Context, field: &Field) -> String {
    match field.ty {
        ValueType::String => "string".into(),
        ValueType::Boolean => "boolean".into(),
        ValueType::Integer => "integer".into(),
        ValueType::Number => "number".into(),
        ValueType::Any => "any value".into(),
        ValueType::Object(_) | ValueType::Map => "mapping".into(),
        ValueType::ListOf(c) => format!("list of {}s", noun(c)),
        ValueType::StringList => "list of strings".into(),
        ValueType::Steps => "list of steps".into(),
        ValueType::Special => match field.name {
            "type" if context != Context::Flow => "step kind".into(),
            "timeoutSeconds" => "integer (seconds)".into(),
            "duration" => "seconds or `$.path`".into(),
            "timestamp" => "RFC 3339 time or `$.path`".into(),
            "collection" => "`$.path`".into(),
            _ => "string".into(),
        },
    }
}

/// What one mapping of a list of this context is called.
fn noun(context: Context) -> &'static str {
    match context {
        Context::MappingItem => "mapping item",
        Context::RetryRule => "retry rule",
        Context::CatchRule => "catch rule",
        Context::ChoiceBranch => "choice branch",
        Context::ParallelBranch => "branch",
        _ => "mapping",
    }
}

/// "required" / "optional, default `x`", for a detail line.
pub(crate) fn field_detail(context: Context, field: &Field) -> String {
    let mut out = type_label(context, field);
    if field.required {
        out.push_str(", required");
    } else if let Some(d) = field.default {
        out.push_str(&format!(", default {d}"));
    }
    out
}

/// The documentation of a field in a context.
pub(crate) fn field_markdown(context: Context, field: &Field) -> String {
    let mut out = format!(
        "**`{}`** in {} — {}\n\n{}",
        field.name,
        context.describe(),
        field_detail(context, field),
        field.doc
    );
    if !field.values.is_empty() {
        out.push_str("\n\nValues:");
        for v in field.values {
            out.push_str(&format!("\n- `{}`: {}", v.name, v.doc));
        }
    }
    out
}

pub(crate) fn kind_markdown(kind: StepKind) -> String {
    let required: Vec<String> = kind
        .fields()
        .iter()
        .filter(|f| f.required && f.name != "type" && f.name != "name")
        .map(|f| format!("`{}`", f.name))
        .collect();
    let mut out = format!("**`{}`** step\n\n{}", kind.name(), kind.doc());
    if !required.is_empty() {
        out.push_str(&format!("\n\nRequires {}.", required.join(", ")));
    }
    let fields: Vec<String> = kind
        .fields()
        .iter()
        .filter(|f| !f.required)
        .map(|f| format!("`{}`", f.name))
        .collect();
    if !fields.is_empty() {
        out.push_str(&format!("\n\nOptional fields: {}.", fields.join(", ")));
    }
    out
}

pub(crate) fn enum_markdown(field: &Field, value: &EnumValue) -> String {
    let mut out = format!("**`{}`** (`{}`)\n\n{}", value.name, field.name, value.doc);
    if field.default == Some(value.name) {
        out.push_str("\n\nThis is the default.");
    }
    out
}

pub(crate) fn error_markdown(error: &BuiltinError) -> String {
    format!("**`{}`** — built-in error\n\n{}", error.name, error.doc)
}

pub(crate) fn context_member_markdown(member: &str, doc: &str) -> String {
    format!("**`$context.{member}`**\n\n{doc}")
}

pub(crate) fn integration_markdown(integration: Integration) -> String {
    let mut out = format!(
        "**{}**\n\n`{}`\n\nPatterns: {}.",
        integration.title(),
        integration.arn_template(),
        integration
            .patterns()
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let params = integration.service_params();
    if !params.is_empty() {
        out.push_str("\n\n`serviceParams`:");
        for p in params {
            out.push_str(&format!(
                "\n- `{}`{}: {}",
                p.name,
                if p.required { " (required)" } else { "" },
                p.doc
            ));
        }
    }
    out
}

pub(crate) fn service_param_markdown(integration: Integration, param: &ServiceParam) -> String {
    format!(
        "**`{}`** — `serviceParams` of {}{}\n\n{}",
        param.name,
        integration.with_article(),
        if param.required { ", required" } else { "" },
        param.doc
    )
}

/// What `$input`, `$local` or `$context` mean where they are read (FDL-SPEC §3.3).
pub(crate) fn root_markdown(root: &str, role: Option<fdl_model::model::MappingRole>) -> String {
    use fdl_model::model::MappingRole as R;
    let members;
    let meaning = match (root, role) {
        ("$input", Some(R::FlowInput)) => "the execution input (the `Input` of StartExecution)",
        ("$input", Some(R::FlowOutput)) => "the flow's input, after the flow's `inputMappings`",
        ("$input", Some(R::StepInput)) => {
            "the parent's input (the flow's, or the enclosing step's)"
        }
        ("$input", Some(R::StepOutput)) => "this step's input",
        ("$local", Some(R::FlowOutput)) => "the merged outputs of the top-level steps",
        ("$local", Some(R::StepInput)) => {
            "the parent's local: the merged outputs of the sibling steps that already ran"
        }
        ("$local", Some(R::StepOutput)) => {
            "this step's result (a task's invocation result; an array for parallel and foreach; empty for pass, wait, succeed and fail)"
        }
        ("$local", Some(R::Error)) => {
            "the failed task's error: only `$local.error` and `$local.cause` exist"
        }
        ("$context", _) => {
            members = fdl_model::catalogue::CONTEXT_MEMBERS
                .iter()
                .map(|(m, _)| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ");
            members.as_str()
        }
        ("$", _) => "this step's input",
        ("$input", _) => "the input",
        ("$local", _) => "the local data",
        _ => "",
    };
    if root == "$context" {
        return format!("**`$context`** — the execution context: {meaning}");
    }
    format!("**`{root}`** — {meaning}")
}
