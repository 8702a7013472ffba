//! The JSON Schema (draft-07) of flow definitions, generated from the catalogue, for people
//! who edit flows with a generic YAML language server (the Red Hat YAML extension).
//!
//! The schema follows the validator's policy (FDL-SPEC §12): it rejects only what `fdl check`
//! reports as an error, so the editor never shows an error the checker would not. What the
//! checker only warns about (unknown keys, `yes`/`no` booleans, long step names) is accepted
//! silently: the YAML language server shows every schema problem as an error, even a
//! `deprecationMessage`, so a schema cannot warn. Deploy-time placeholders (`${...}`,
//! `{{...}}`, `<name>`, `{name}`, intrinsic functions such as `{Ref: X}`) are accepted wherever a
//! value is expected, as the checker does.
//!
//! `schema/fdl.schema.json` is `schema_text()`; a test fails when the two differ.

use fdl_syntax::{CoreValue, Node, NodeKind};
use serde_json::Value;

use crate::catalogue::{
    Context, EnumValue, FLOW_TYPE_VALUES, Field, Integration, Special, StepKind, VERSION_VALUES,
    ValueType,
};

/// A string holding a deploy-time placeholder hole: `${...}`, `{{...}}`, `<name>` or `{name}`
/// (the regular-expression form of `values::has_placeholder_hole`; a test keeps them equal).
pub const PLACEHOLDER_PATTERN: &str =
    r"\$\{|\{\{|<[A-Za-z_][A-Za-z0-9_. -]*>|\{[A-Za-z_][A-Za-z0-9_. -]*\}";

/// What YAML 1.1 read as a boolean and YAML 1.2 reads as a string (rule FDL004, a warning:
/// accepted).
const YAML11_BOOLEAN_PATTERN: &str = "^([Yy]|[Yy][Ee][Ss]|[Nn]|[Nn][Oo]|[Oo][Nn]|[Oo][Ff][Ff])$";

/// An RFC 3339 date-time or a YAML 1.1 timestamp (rule FDL113). Looser than the rule on two
/// points only: any year may have a 29 February, and quoted YAML 1.1 forms pass.
const TIMESTAMP_PATTERN: &str = concat!(
    "^[0-9]{4}-",
    "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-9]))",
    r"(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?",
    r"(?:[ \t]*(?:Z|z|[+-][0-9]{1,2}(?::[0-9]{2})?))?)?$",
);

/// A `$.key` path (or `$`) of the step input; its syntax is checked by rule FDL301.
const PATH_PATTERN: &str = r"^\$";

/// `acs:` and a service name (rule FDL403; the documented shapes are only warnings), or what
/// a `!Ref` tag holds: a name, or funcraft's `Service/Function`. The YAML language server
/// hides tags, so `resourceArn: !Ref Service/Function` reaches the schema as that bare string,
/// which must not be an error; a bare name there is a mistake only the checker can tell.
const RESOURCE_ARN_PATTERN: &str = r"^(?:acs:[^:]|[^:/\s]+(?:/[^:/\s]+)?$)";

/// The JSON Schema of FDL flow definitions.
pub fn schema() -> Value {
    build().to_value()
}

/// The schema as pretty JSON with a trailing newline, keys in a fixed order: what `fdl schema`
/// prints and `schema/fdl.schema.json` holds.
pub fn schema_text() -> String {
    let mut out = String::new();
    build().write(&mut out, 0);
    out.push('\n');
    out
}

/// The JSON value of a YAML node, as the schema sees a flow: scalars read with the YAML 1.2
/// core schema (as the checker does), mappings with their first value for a repeated key and
/// without `<<` merge keys (the merged entries are already in the mapping). A node carrying a
/// custom tag (a deployment tool's short form, such as funcraft's `!Ref X`) becomes the
/// intrinsic function it stands for (`{"Ref": "X"}`; `!Sub s` becomes `{"Fn::Sub": "s"}`),
/// which the schema accepts as a placeholder. Numbers JSON cannot hold (`.inf`, `.nan`) stay
/// strings as written; a node that could not be parsed is `null`.
pub fn to_json(node: &Node) -> Value {
    let value = match &node.kind {
        NodeKind::Error => Value::Null,
        NodeKind::Scalar(scalar) => match node.core_value() {
            None | Some(CoreValue::Null) => Value::Null,
            Some(CoreValue::Bool(b)) => Value::Bool(b),
            Some(CoreValue::Int(i)) => Value::from(i),
            Some(CoreValue::Float(f)) => serde_json::Number::from_f64(f)
                .map_or_else(|| Value::String(scalar.value.clone()), Value::Number),
            Some(CoreValue::Str(s)) => Value::String(s.to_string()),
        },
        NodeKind::Sequence(items) => Value::Array(items.iter().map(to_json).collect()),
        NodeKind::Mapping(entries) => {
            let mut map = serde_json::Map::new();
            for entry in entries {
                let key = match entry.key.scalar_text() {
                    Some(text) => text.to_string(),
                    None => to_json(&entry.key).to_string(),
                };
                if key == "<<" || map.contains_key(&key) {
                    continue;
                }
                map.insert(key, to_json(&entry.value));
            }
            Value::Object(map)
        }
    };
    match custom_tag(node) {
        Some(tag) => {
            let name = tag.trim_start_matches('!');
            let function = if name == "Ref" {
                name.to_string()
            } else {
                format!("Fn::{name}")
            };
            let mut map = serde_json::Map::new();
            map.insert(function, value);
            Value::Object(map)
        }
        None => value,
    }
}

/// A tag other than the YAML core tags, as `values::is_placeholder` counts them.
fn custom_tag(node: &Node) -> Option<&str> {
    node.tag.as_deref().filter(|t| {
        !(t.starts_with("!!")
            || t.starts_with("tag:yaml.org,2002:")
            || t.starts_with("!<tag:yaml.org,2002:"))
    })
}

/// The contexts that are `definitions` of their own (the steps are built apart).
const OBJECT_CONTEXTS: [Context; 7] = [
    Context::MappingItem,
    Context::RetryRule,
    Context::CatchRule,
    Context::ChoiceBranch,
    Context::ChoiceDefault,
    Context::ParallelBranch,
    Context::IterationMapping,
];

fn definition_name(context: Context) -> String {
    match context {
        Context::Flow => "flow".into(),
        Context::Step(kind) => format!("{}Step", kind.name()),
        Context::UnknownStep => "unknownStep".into(),
        Context::MappingItem => "mappingItem".into(),
        Context::RetryRule => "retryRule".into(),
        Context::CatchRule => "catchRule".into(),
        Context::ChoiceBranch => "choiceBranch".into(),
        Context::ChoiceDefault => "choiceDefault".into(),
        Context::ParallelBranch => "parallelBranch".into(),
        Context::IterationMapping => "iterationMapping".into(),
    }
}

fn reference(name: &str) -> Json {
    obj().with("$ref", format!("#/definitions/{name}"))
}

fn build() -> Json {
    let flow = Context::Flow;
    let mut root = obj()
        .with("$schema", "http://json-schema.org/draft-07/schema#")
        .with(
            "$comment",
            "Generated from the FDL catalogue (crates/fdl-model) by `fdl schema`; do not edit by hand.",
        )
        .with("title", "FDL flow definition")
        .with("description", flow.doc())
        .with("markdownDescription", flow.doc());
    // `required` goes to `else`, below.
    root.extend(object_body(flow, false));
    // The checker reports a CloudFlow state machine (`Type: StateMachine`, or `StartAt` with
    // `States`) with one warning (FDL008) and checks nothing else: so does the schema.
    root = root
        .with(
            "if",
            obj().with(
                "anyOf",
                vec![
                    key_matches("Type", obj().with("const", "StateMachine")),
                    obj().with("required", strings(["StartAt", "States"])),
                ],
            ),
        )
        .with(
            "then",
            obj().with(
                "description",
                "A CloudFlow state machine, the newer format: not an FDL v1 flow, so nothing else is checked.",
            ),
        )
        .with("else", obj().with("required", required_names(flow)))
        .with("defaultSnippets", vec![flow_snippet()]);

    let mut definitions = obj()
        .with("placeholder", placeholder())
        .with("step", step());
    for kind in StepKind::ALL {
        definitions = definitions.with(&definition_name(Context::Step(kind)), step_kind(kind));
    }
    let unknown = Context::UnknownStep;
    let mut unknown_step = obj().with(
        "description",
        "A step whose `type` is missing, a placeholder or not a step type.",
    );
    unknown_step.extend(object_body(unknown, true));
    definitions = definitions.with(&definition_name(unknown), unknown_step);
    for context in OBJECT_CONTEXTS {
        let mut definition = obj()
            .with("description", context.doc())
            .with("markdownDescription", context.doc());
        definition.extend(object_body(context, true));
        definitions = definitions.with(&definition_name(context), definition);
    }
    root.with("definitions", definitions)
}

/// A `$comment`, not a `description`: an editor's hover would show it instead of the field's
/// own description whenever a value matches nothing.
fn placeholder() -> Json {
    obj()
        .with(
            "$comment",
            "A deploy-time placeholder, filled in by a deployment tool before the flow is uploaded: a string with a `${...}`, `{{...}}`, `<name>` or `{name}` hole, or an intrinsic function such as `{Ref: X}` or `{Fn::Sub: ...}`. Its content is not checked.",
        )
        .with(
            "anyOf",
            vec![
                obj()
                    .with("type", "string")
                    .with("pattern", PLACEHOLDER_PATTERN),
                obj()
                    .with("type", "object")
                    .with("minProperties", 1)
                    .with("maxProperties", 1)
                    .with("propertyNames", obj().with("pattern", "^(Ref$|Fn::)")),
            ],
        )
}

/// `type`, `required` (unless `required` is false), `properties` and the policy on unknown
/// keys of a mapping.
fn object_body(context: Context, required: bool) -> Json {
    let mut body = obj().with("type", "object");
    if required {
        body = body.with("required", required_names(context));
    }
    body.with("properties", properties(context))
        // Unknown keys are warnings (FDL-SPEC §12 row 4), never errors.
        .with("additionalProperties", true)
}

fn properties(context: Context) -> Json {
    let mut props = obj();
    for field in context.fields() {
        props = props.with(field.name, field_schema(field));
    }
    props
}

fn required_names(context: Context) -> Json {
    Json::Arr(
        context
            .fields()
            .iter()
            .filter(|f| f.required)
            .map(|f| Json::from(f.name))
            .collect(),
    )
}

/// The schema of one field: its description, default, and what its type accepts, plus a
/// placeholder wherever the checker skips placeholders (everywhere but `Any`).
fn field_schema(field: &Field) -> Json {
    let mut schema = obj()
        .with("description", field.doc)
        .with("markdownDescription", field.doc);
    if let Some(default) = field.default {
        schema = schema.with("default", scalar(default));
    }
    if field.ty == ValueType::Any {
        return schema;
    }
    let mut alternatives = alternatives(field);
    alternatives.push(reference("placeholder"));
    schema.with("anyOf", alternatives)
}

/// The JSON value of an FDL scalar written in the catalogue (a default).
fn scalar(text: &str) -> Json {
    match fdl_syntax::resolve_plain(text) {
        CoreValue::Null => Json::Null,
        CoreValue::Bool(b) => Json::Bool(b),
        CoreValue::Int(i) => Json::Int(i),
        CoreValue::Float(_) | CoreValue::Str(_) => Json::from(text),
    }
}

/// Any scalar but null: where the checker wants a string, numbers and booleans pass.
fn any_scalar() -> Json {
    obj().with("type", strings(["string", "number", "boolean"]))
}

fn alternatives(field: &Field) -> Vec<Json> {
    let nullable = !field.required;
    let mut alternatives = match (field.ty, field.special) {
        (ValueType::Special, Some(special)) => special_alternatives(field, special),
        // `Special` without a description of its rule: accept any value (a test keeps every
        // `Special` field described).
        (ValueType::Special, None) | (ValueType::Any, _) => vec![obj()],
        (ValueType::String, _) if !field.values.is_empty() => vec![enumeration(field.values)],
        (ValueType::String, _) => vec![any_scalar()],
        (ValueType::Boolean, _) => vec![
            obj().with("type", "boolean"),
            obj()
                .with("type", "string")
                .with("pattern", YAML11_BOOLEAN_PATTERN),
        ],
        (ValueType::Integer, _) => vec![ranged(obj().with("type", "integer"), field)],
        (ValueType::Number, _) => vec![ranged(obj().with("type", "number"), field)],
        (ValueType::Object(context), _) => vec![reference(&definition_name(context))],
        (ValueType::Map, _) => vec![obj().with("type", "object")],
        (ValueType::ListOf(context), _) => {
            vec![list(field, reference(&definition_name(context)))]
        }
        (ValueType::StringList, _) => vec![list(field, any_scalar())],
        (ValueType::Steps, _) => vec![list(field, reference("step"))],
    };
    // An optional mapping or list may be left empty (`key:`).
    if nullable
        && matches!(
            field.ty,
            ValueType::Object(_)
                | ValueType::Map
                | ValueType::ListOf(_)
                | ValueType::StringList
                | ValueType::Steps
        )
    {
        alternatives.push(obj().with("type", "null"));
    }
    alternatives
}

/// A list whose items are `item` or placeholders, with the field's bounds on its length.
fn list(field: &Field, item: Json) -> Json {
    let mut schema = obj().with("type", "array").with(
        "items",
        obj().with("anyOf", vec![item, reference("placeholder")]),
    );
    if let Some(min) = field.min {
        schema = schema.with("minItems", min);
    }
    if let Some(max) = field.max {
        schema = schema.with("maxItems", max);
    }
    schema
}

fn ranged(mut schema: Json, field: &Field) -> Json {
    if let Some(min) = field.min {
        schema = schema.with("minimum", min);
    }
    if let Some(max) = field.max {
        schema = schema.with("maximum", max);
    }
    schema
}

fn enumeration(values: &[EnumValue]) -> Json {
    let docs: Vec<Json> = values.iter().map(|v| Json::from(v.doc)).collect();
    obj()
        .with(
            "enum",
            Json::Arr(values.iter().map(|v| Json::from(v.name)).collect()),
        )
        .with("enumDescriptions", Json::Arr(docs.clone()))
        .with("markdownEnumDescriptions", Json::Arr(docs))
}

fn path() -> Json {
    obj()
        .with("type", "string")
        .with("pattern", PATH_PATTERN)
        .with(
            "patternErrorMessage",
            "Write a `$.key` path of the step input, e.g. `$.items`.",
        )
}

fn special_alternatives(field: &Field, special: Special) -> Vec<Json> {
    match special {
        Special::Listed => vec![enumeration(field.values)],
        // Not blank; a name that is too long is only a warning (FDL110).
        Special::StepName => vec![
            any_scalar()
                .with("pattern", r"\S")
                .with("patternErrorMessage", "A step needs a name: it cannot be blank."),
        ],
        Special::Seconds => vec![ranged(obj().with("type", "integer"), field)],
        Special::SecondsOrPath => vec![ranged(obj().with("type", "number"), field), path()],
        Special::TimeOrPath => vec![
            obj()
                .with("type", "string")
                .with("pattern", TIMESTAMP_PATTERN)
                .with(
                    "patternErrorMessage",
                    "Write an RFC 3339 date-time with a time zone, e.g. `2030-05-02T15:04:05Z` or `2030-05-02T23:04:05+08:00`, or a `$.key` of the step input.",
                ),
            path(),
        ],
        Special::Path => vec![path()],
        Special::ResourceArn => {
            let forms: Vec<String> = Integration::ALL
                .iter()
                .map(|i| format!("`{}`", i.arn_template()))
                .collect();
            vec![
                obj()
                    .with("type", "string")
                    .with("pattern", RESOURCE_ARN_PATTERN)
                    .with(
                        "patternErrorMessage",
                        format!(
                            "An Alibaba Cloud resource name starts with `acs:` and a service: {}.",
                            forms.join(", ")
                        ),
                    ),
            ]
        }
        Special::Action => vec![obj().with("type", "string")],
    }
}

/// A step: the fields every kind has, then the fields of its kind once `type` says which.
fn step() -> Json {
    let common: Vec<&Field> = Context::UnknownStep
        .fields()
        .iter()
        .filter(|f| {
            StepKind::ALL
                .iter()
                .all(|k| k.fields().iter().any(|g| g.name == f.name))
        })
        .collect();
    let mut props = obj();
    for field in &common {
        props = props.with(field.name, field_schema(field));
    }
    let required: Vec<Json> = common
        .iter()
        .filter(|f| f.required)
        .map(|f| Json::from(f.name))
        .collect();
    let mut kinds: Vec<Json> = StepKind::ALL
        .into_iter()
        .map(|kind| {
            obj()
                .with("if", type_is(obj().with("const", kind.name())))
                .with("then", reference(&definition_name(Context::Step(kind))))
        })
        .collect();
    kinds.push(
        obj()
            .with(
                "if",
                type_is(obj().with(
                    "enum",
                    Json::Arr(StepKind::ALL.iter().map(|k| Json::from(k.name())).collect()),
                )),
            )
            .with("else", reference(&definition_name(Context::UnknownStep))),
    );
    let mut counter = 0;
    let snippets: Vec<Json> = StepKind::ALL
        .into_iter()
        .map(|kind| {
            counter = 0;
            obj()
                .with("label", format!("{} step", kind.name()))
                .with("description", kind.doc())
                .with("body", snippet_body(kind.example(), &mut counter))
        })
        .collect();
    obj()
        .with("description", Context::UnknownStep.doc())
        .with("markdownDescription", Context::UnknownStep.doc())
        .with("type", "object")
        .with("required", Json::Arr(required))
        .with("properties", props)
        .with("allOf", kinds)
        .with("defaultSnippets", snippets)
}

/// An `if` that holds when the mapping has `key` and its value matches `schema`. Written as
/// "not (the value does not match)": the YAML language server offers the properties of an
/// `if` as completions (`Type` on a flow, `type: task` a second time), but not what is under
/// a `not`.
fn key_matches(key: &str, schema: Json) -> Json {
    obj().with("required", strings([key])).with(
        "not",
        obj().with("properties", obj().with(key, obj().with("not", schema))),
    )
}

fn type_is(schema: Json) -> Json {
    key_matches("type", schema)
}

fn step_kind(kind: StepKind) -> Json {
    let context = Context::Step(kind);
    let mut schema = obj()
        .with("description", kind.doc())
        .with("markdownDescription", kind.doc());
    schema.extend(object_body(context, true));
    if let Some(one_of) = kind.one_of() {
        // A blank value counts as absent, as the checker reads it.
        let blank = obj().with(
            "anyOf",
            vec![
                obj().with("type", "null"),
                obj().with("type", "string").with("pattern", r"^\s*$"),
            ],
        );
        let options: Vec<Json> = one_of
            .fields
            .iter()
            .map(|name| {
                obj().with("required", strings([*name])).with(
                    "properties",
                    obj().with(name, obj().with("not", blank.clone())),
                )
            })
            .collect();
        schema = schema.with("anyOf", options);
        if one_of.exclusive {
            // Not `oneOf`, whose message ("matches multiple schemas") says nothing useful: a
            // second field of the group is refused with a message that names both.
            let mut rules = Vec::new();
            for (i, first) in one_of.fields.iter().enumerate() {
                for second in &one_of.fields[i + 1..] {
                    rules.push(
                        obj()
                            .with("if", obj().with("required", strings([*first, *second])))
                            .with(
                                "then",
                                obj()
                                    .with("properties", obj().with(second, false))
                                    .with(
                                        "errorMessage",
                                        format!(
                                            "A `{}` step takes `{first}` or `{second}`, not both: keep the one you mean.",
                                            kind.name()
                                        ),
                                    ),
                            ),
                    );
                }
            }
            schema = schema.with("allOf", rules);
        }
    }
    schema
}

/// A whole minimal flow, for an empty document.
fn flow_snippet() -> Json {
    let mut counter = 0;
    let step = snippet_body(StepKind::Task.example(), &mut counter);
    obj()
        .with("label", "FDL flow")
        .with("description", "A flow with one task step.")
        .with(
            "body",
            obj()
                .with("version", VERSION_VALUES[0].name)
                .with("type", FLOW_TYPE_VALUES[0].name)
                .with("steps", vec![step]),
        )
}

/// The snippet body of an example written in FDL: every scalar but a `type` becomes a tab
/// stop whose default is the example's text.
fn snippet_body(example: &str, counter: &mut usize) -> Json {
    match fdl_syntax::parse(example).root {
        Some(root) => tab_stops(&root, counter),
        None => obj(),
    }
}

fn tab_stops(node: &Node, counter: &mut usize) -> Json {
    match &node.kind {
        NodeKind::Mapping(entries) => Json::Obj(
            entries
                .iter()
                .map(|e| {
                    let key = e.key.scalar_text().unwrap_or_default().to_string();
                    let value = match e.value.scalar_text() {
                        Some(text) if key == "type" => Json::from(text),
                        _ => tab_stops(&e.value, counter),
                    };
                    (key, value)
                })
                .collect(),
        ),
        NodeKind::Sequence(items) => {
            Json::Arr(items.iter().map(|i| tab_stops(i, counter)).collect())
        }
        NodeKind::Scalar(s) => {
            *counter += 1;
            let text = s
                .value
                .replace('\\', r"\\")
                .replace('$', r"\$")
                .replace('}', r"\}");
            Json::Str(format!("${{{counter}:{text}}}"))
        }
        NodeKind::Error => Json::Null,
    }
}

fn strings<const N: usize>(items: [&str; N]) -> Json {
    Json::Arr(items.into_iter().map(Json::from).collect())
}

/// A JSON value whose object keys keep the order they were added in, so the schema file reads
/// top-down (`$schema`, `title`, ..., `definitions`) and lists fields in the catalogue's order,
/// whatever serde_json's map type does.
#[derive(Clone, Debug)]
enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

fn obj() -> Json {
    Json::Obj(Vec::new())
}

impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::Str(s.to_string())
    }
}

impl From<String> for Json {
    fn from(s: String) -> Json {
        Json::Str(s)
    }
}

impl From<bool> for Json {
    fn from(b: bool) -> Json {
        Json::Bool(b)
    }
}

impl From<i64> for Json {
    fn from(i: i64) -> Json {
        Json::Int(i)
    }
}

impl From<Vec<Json>> for Json {
    fn from(items: Vec<Json>) -> Json {
        Json::Arr(items)
    }
}

impl Json {
    /// Adds (or replaces) a key of an object; a no-op on anything else.
    fn with(mut self, key: &str, value: impl Into<Json>) -> Json {
        if let Json::Obj(entries) = &mut self {
            let value = value.into();
            match entries.iter_mut().find(|(k, _)| k == key) {
                Some(entry) => entry.1 = value,
                None => entries.push((key.to_string(), value)),
            }
        }
        self
    }

    /// Adds every key of `other` (an object).
    fn extend(&mut self, other: Json) {
        if let Json::Obj(entries) = other {
            for (key, value) in entries {
                *self = std::mem::replace(self, Json::Null).with(&key, value);
            }
        }
    }

    fn to_value(&self) -> Value {
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Int(i) => Value::from(*i),
            Json::Str(s) => Value::String(s.clone()),
            Json::Arr(items) => Value::Array(items.iter().map(Json::to_value).collect()),
            Json::Obj(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_value()))
                    .collect(),
            ),
        }
    }

    /// Pretty JSON in serde_json's layout (two-space indent, `[]`/`{}` when empty).
    fn write(&self, out: &mut String, indent: usize) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Int(i) => out.push_str(&i.to_string()),
            Json::Str(s) => write_string(out, s),
            Json::Arr(items) if items.is_empty() => out.push_str("[]"),
            Json::Obj(entries) if entries.is_empty() => out.push_str("{}"),
            Json::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    out.push_str(if i == 0 { "\n" } else { ",\n" });
                    push_indent(out, indent + 1);
                    item.write(out, indent + 1);
                }
                out.push('\n');
                push_indent(out, indent);
                out.push(']');
            }
            Json::Obj(entries) => {
                out.push('{');
                for (i, (key, value)) in entries.iter().enumerate() {
                    out.push_str(if i == 0 { "\n" } else { ",\n" });
                    push_indent(out, indent + 1);
                    write_string(out, key);
                    out.push_str(": ");
                    value.write(out, indent + 1);
                }
                out.push('\n');
                push_indent(out, indent);
                out.push('}');
            }
        }
    }
}

fn push_indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::is_placeholder;

    #[test]
    fn the_text_is_the_schema() {
        let parsed: Value = serde_json::from_str(&schema_text()).expect("schema_text is JSON");
        assert_eq!(parsed, schema());
        assert!(schema_text().ends_with("}\n"));
    }

    #[test]
    fn every_reference_resolves() {
        let text = schema_text();
        let schema = schema();
        let definitions = schema["definitions"].as_object().expect("definitions");
        let mut count = 0;
        for piece in text.split("\"#/definitions/").skip(1) {
            let name = piece.split('"').next().unwrap_or_default();
            assert!(definitions.contains_key(name), "no definition {name}");
            count += 1;
        }
        assert!(count > 10);
    }

    #[test]
    fn every_special_field_says_what_its_rule_accepts() {
        let mut contexts = vec![Context::Flow, Context::UnknownStep];
        contexts.extend(StepKind::ALL.map(Context::Step));
        contexts.extend(OBJECT_CONTEXTS);
        for context in contexts {
            for field in context.fields() {
                assert_eq!(
                    field.ty == ValueType::Special,
                    field.special.is_some(),
                    "{} in {context:?}",
                    field.name
                );
                if field.special == Some(Special::Listed) {
                    assert!(!field.values.is_empty(), "{}", field.name);
                }
            }
        }
    }

    #[test]
    fn custom_tags_are_what_the_checker_calls_placeholders() {
        let text =
            "a: !Ref x\nb: !!str 1\nc: !<tag:yaml.org,2002:int> 1\nd: !Sub 'x'\ne: ! x\nf: plain\n";
        let root = fdl_syntax::parse(text).root.expect("a mapping");
        for entry in root.as_mapping().expect("a mapping") {
            assert_eq!(
                custom_tag(&entry.value).is_some(),
                is_placeholder(&entry.value),
                "{:?}",
                entry.key.scalar_text()
            );
        }
        let json = to_json(&root);
        assert_eq!(json["a"], serde_json::json!({"Ref": "x"}));
        assert_eq!(json["b"], serde_json::json!("1"));
        assert_eq!(json["c"], serde_json::json!(1));
        assert_eq!(json["d"], serde_json::json!({"Fn::Sub": "x"}));
    }

    #[test]
    fn yaml_to_json() {
        let text = "a: 1\nb: 1.5\nc: .inf\nd: ~\ne: [x, 'y', true]\nf: {g: h}\na: 2\n1: one\n";
        let root = fdl_syntax::parse(text).root.expect("a mapping");
        assert_eq!(
            to_json(&root),
            serde_json::json!({
                "a": 1, "b": 1.5, "c": ".inf", "d": null,
                "e": ["x", "y", true], "f": {"g": "h"}, "1": "one"
            })
        );
        let merged = fdl_syntax::parse("base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n")
            .root
            .expect("a mapping");
        assert_eq!(to_json(&merged)["m"], serde_json::json!({"x": 1, "y": 2}));
    }

    #[test]
    fn snippets_escape_dollars_and_braces() {
        let mut counter = 0;
        let body = snippet_body(StepKind::Foreach.example(), &mut counter).to_value();
        assert_eq!(body["type"], "foreach");
        assert_eq!(body["iterationMapping"]["collection"], r"${2:\$.items}");
        assert_eq!(body["steps"][0]["type"], "pass");
        assert!(counter >= 4);
    }

    #[test]
    fn strings_are_escaped() {
        let mut out = String::new();
        Json::from("a\"b\\c\nd\u{1}é").write(&mut out, 0);
        assert_eq!(out, r#""a\"b\\c\nd\u0001é""#);
        assert_eq!(
            serde_json::from_str::<String>(&out).expect("valid JSON"),
            "a\"b\\c\nd\u{1}é"
        );
    }
}
