//! Skeletons of steps, mappings and whole flows, derived from the catalogue's required fields,
//! written both as LSP snippets (with tab stops) and as plain text (the placeholders' default
//! text, for quick fixes and for testing that every skeleton is a valid flow).

use std::collections::HashSet;

use fdl_model::catalogue::{BUILTIN_ERRORS, Context, Field, Integration, StepKind, ValueType};

/// Text built twice at once: as an LSP snippet and as the plain text it expands to.
#[derive(Default)]
pub(crate) struct Snippet {
    snippet: String,
    plain: String,
    next: u32,
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '$' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Snippet {
    pub fn new() -> Snippet {
        Snippet::default()
    }

    /// Literal text.
    pub fn text(&mut self, s: &str) -> &mut Self {
        self.snippet.push_str(&escape(s));
        self.plain.push_str(s);
        self
    }

    /// A tab stop with default text.
    pub fn placeholder(&mut self, default: &str) -> &mut Self {
        self.next += 1;
        self.snippet
            .push_str(&format!("${{{}:{}}}", self.next, escape(default)));
        self.plain.push_str(default);
        self
    }

    /// A tab stop offering a choice of values; the first is the default.
    pub fn choice(&mut self, values: &[&str]) -> &mut Self {
        let Some(first) = values.first() else {
            return self;
        };
        self.next += 1;
        let escaped: Vec<String> = values
            .iter()
            .map(|v| {
                let mut out = String::new();
                for c in v.chars() {
                    if matches!(c, ',' | '|' | '\\' | '$' | '}') {
                        out.push('\\');
                    }
                    out.push(c);
                }
                out
            })
            .collect();
        self.snippet
            .push_str(&format!("${{{}|{}|}}", self.next, escaped.join(",")));
        self.plain.push_str(first);
        self
    }

    /// A line break followed by `indent` spaces.
    pub fn newline(&mut self, indent: usize) -> &mut Self {
        self.text("\n");
        self.text(&" ".repeat(indent))
    }

    /// `(snippet, plain)`.
    pub fn finish(self) -> (String, String) {
        (self.snippet, self.plain)
    }

    /// A template with `{holes}` (an ARN template): each hole becomes a tab stop named by it;
    /// the plain text keeps the `{holes}`.
    pub fn template(&mut self, template: &str) -> &mut Self {
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            self.text(&rest[..open]);
            // The plain text keeps the hole, which `fdl check` reads as a placeholder.
            self.next += 1;
            self.snippet.push_str(&format!(
                "${{{}:{}}}",
                self.next,
                escape(&rest[open + 1..close])
            ));
            self.plain.push_str(&rest[open..=close]);
            rest = &rest[close + 1..];
        }
        self.text(rest)
    }
}

/// Fresh step names, unlike any already used in the list.
pub(crate) struct Names {
    taken: HashSet<String>,
}

impl Names {
    pub fn new(taken: impl IntoIterator<Item = String>) -> Names {
        Names {
            taken: taken.into_iter().collect(),
        }
    }

    pub fn fresh(&mut self, base: &str) -> String {
        let mut name = base.to_string();
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{base}-{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }
}

/// For each step kind that needs one of several fields (a task needs `resourceArn` or
/// `action`, a wait step `duration` or `timestamp`), the one a skeleton writes: the first the
/// catalogue names.
fn one_of(kind: StepKind) -> Option<&'static str> {
    kind.one_of().and_then(|o| o.fields.first().copied())
}

/// An example value for a scalar field that needs one.
fn example(context: Context, field: &Field) -> String {
    if let Some(v) = field.values.first() {
        return v.name.to_string();
    }
    if let Some(d) = field.default {
        return d.to_string();
    }
    let text = match (context, field.name) {
        (_, "condition") => "$.ready == true",
        (_, "collection") => "$.items",
        (_, "item") => "item",
        (_, "index") => "index",
        (_, "target") => "key",
        (_, "source") => "$input.key",
        (_, "duration") => "10",
        (_, "timestamp") => "2030-01-01T00:00:00Z",
        (_, "action") => "service:ApiName",
        (_, "timeoutSeconds") => "60",
        (_, "error") => "Failed",
        (_, "cause") => "reason",
        _ => match field.ty {
            ValueType::Boolean => "true",
            ValueType::Integer | ValueType::Number => "1",
            _ => "value",
        },
    };
    text.to_string()
}

/// Writes the value of `field` after its `key:` (the key is already written), its lines at
/// `indent` + 2 when it takes several. `goto` gets `goto_target` when known.
pub(crate) fn value(
    s: &mut Snippet,
    context: Context,
    field: &Field,
    indent: usize,
    names: &mut Names,
    goto_target: Option<&str>,
) {
    let inner = indent + 2;
    match field.ty {
        ValueType::Steps => {
            s.newline(inner).text("- ");
            step_body(s, StepKind::Pass, inner + 2, names);
        }
        ValueType::ListOf(c) => {
            s.newline(inner).text("- ");
            mapping_body(s, c, inner + 2, names, goto_target);
        }
        ValueType::Object(c) => {
            s.newline(inner);
            mapping_body(s, c, inner, names, goto_target);
        }
        ValueType::StringList => {
            s.newline(inner).text("- ");
            s.placeholder(BUILTIN_ERRORS.first().map_or("FnF.ALL", |e| e.name));
        }
        ValueType::Map => {
            s.newline(inner);
            s.placeholder("Name: value");
        }
        _ if field.name == "resourceArn" => {
            s.text(" ");
            s.template(Integration::FcFunction.arn_template());
        }
        _ if field.name == "name" => {
            let base = match context {
                Context::Step(kind) => kind.name(),
                Context::Flow => "my-flow",
                _ => "step",
            };
            s.text(" ");
            s.placeholder(&names.fresh(base));
        }
        _ if field.name == "goto" => {
            s.text(" ");
            s.placeholder(goto_target.unwrap_or("next-step"));
        }
        _ if field.values.len() > 1 => {
            s.text(" ");
            let values: Vec<&str> = field.values.iter().map(|v| v.name).collect();
            s.choice(&values);
        }
        ValueType::Boolean => {
            s.text(" ");
            s.choice(&["true", "false"]);
        }
        _ => {
            s.text(" ");
            s.placeholder(&example(context, field));
        }
    }
}

/// The required fields of a mapping of `context`, the first one on the current line, the
/// others on lines at `indent`.
pub(crate) fn mapping_body(
    s: &mut Snippet,
    context: Context,
    indent: usize,
    names: &mut Names,
    goto_target: Option<&str>,
) {
    let mut first = true;
    for field in context.fields().iter().filter(|f| f.required) {
        if !first {
            s.newline(indent);
        }
        first = false;
        s.text(field.name).text(":");
        value(s, context, field, indent, names, goto_target);
    }
}

/// A whole step of `kind` with its required fields: `type: kind` on the current line, the
/// other fields on lines at `indent`.
pub(crate) fn step_body(s: &mut Snippet, kind: StepKind, indent: usize, names: &mut Names) {
    let context = Context::Step(kind);
    s.text("type: ").text(kind.name());
    s.newline(indent).text("name: ");
    let name = names.fresh(kind.name());
    s.placeholder(&name);
    let extra = one_of(kind);
    for field in kind.fields() {
        if field.name == "type" || field.name == "name" {
            continue;
        }
        if field.required || Some(field.name) == extra {
            s.newline(indent).text(field.name).text(":");
            value(s, context, field, indent, names, None);
        }
    }
}

/// A whole new flow with one step.
pub(crate) fn flow(s: &mut Snippet) {
    let mut names = Names::new([]);
    let mut first = true;
    for field in Context::Flow.fields().iter().filter(|f| f.required) {
        if !first {
            s.newline(0);
        }
        first = false;
        s.text(field.name).text(":");
        match field.ty {
            ValueType::Steps => {
                s.newline(2).text("- ");
                step_body(s, StepKind::Pass, 4, &mut names);
            }
            _ => {
                s.text(" ");
                s.text(&example(Context::Flow, field));
            }
        }
    }
    s.newline(0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        let mut s = Snippet::new();
        s.text("source: $input.a}")
            .placeholder("$x")
            .choice(&["a,b", "c"]);
        let (snippet, plain) = s.finish();
        assert_eq!(snippet, "source: \\$input.a\\}${1:\\$x}${2|a\\,b,c|}");
        assert_eq!(plain, "source: $input.a}$xa,b");
    }

    #[test]
    fn fresh_names() {
        let mut n = Names::new(["task".to_string(), "task-2".to_string()]);
        assert_eq!(n.fresh("task"), "task-3");
        assert_eq!(n.fresh("pass"), "pass");
        assert_eq!(n.fresh("pass"), "pass-2");
    }

    /// Every step skeleton, as plain text, is a step `fdl check` accepts.
    #[test]
    fn skeletons_are_valid() {
        for kind in StepKind::ALL {
            let mut s = Snippet::new();
            step_body(&mut s, kind, 4, &mut Names::new([]));
            let (_, plain) = s.finish();
            let text = format!("version: v1\ntype: flow\nsteps:\n  - {plain}\n");
            let diagnostics = fdl_check::check_source(&text);
            assert!(diagnostics.is_empty(), "{text}\n{diagnostics:#?}");
        }
        let mut s = Snippet::new();
        flow(&mut s);
        let (_, plain) = s.finish();
        assert!(fdl_check::check_source(&plain).is_empty(), "{plain}");
    }
}
