//! Completion. The place of the cursor comes from the text (`outline`): the enclosing keys and
//! items give a chain of frames (the flow, a step of some kind, a list of retry rules...), each
//! tied to the catalogue; what is offered depends on the innermost frame and on whether a key,
//! a value or a list item is being typed.

use fdl_model::catalogue::{
    BUILTIN_ERRORS, CONTEXT_MEMBERS, Context, Field, Integration, STEP_TYPE_VALUES, StepKind,
    ValueType,
};
use fdl_model::model::MappingRole;
use fdl_model::values::{Arn, parse_arn};
use fdl_syntax::Span;

use crate::docs;
use crate::lines::scalar_text;
use crate::outline::{Anc, MapAt, Outline, Place, Slot};
use crate::snippets::{self, Names, Snippet};
use crate::{Analysis, Completion, CompletionKind};

/// What the text at some depth of the cursor's path is.
#[derive(Clone, Copy, Debug)]
enum Frame {
    /// A mapping, and where to read its entries (`None` for a one-line `{...}`).
    Map {
        kind: MapKind,
        at: Option<MapAt>,
    },
    Seq {
        kind: SeqKind,
    },
    /// A scalar value (a list item of a list of strings, or a field's value).
    Scalar,
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum MapKind {
    Ctx(Context),
    /// `serviceParams` of a task, with the integration its `resourceArn` names.
    ServiceParams(Option<Integration>),
    Free,
}

#[derive(Clone, Copy, Debug)]
enum SeqKind {
    Steps,
    Items(Context),
    Strings(&'static Field),
    Free,
}

struct Cx<'a> {
    text: &'a str,
    outline: Outline<'a>,
    place: Place,
    /// `frames[0]` is the flow; `frames[i + 1]` is what `place.path[i]` leads into.
    frames: Vec<Frame>,
    offset: usize,
}

pub(crate) fn completions(a: &Analysis, offset: usize) -> Vec<Completion> {
    if !a.is_flow() && !maybe_flow(a) {
        return Vec::new();
    }
    let outline = a.outline();
    let Some(place) = outline.place(offset) else {
        return Vec::new();
    };
    let mut cx = Cx {
        text: a.text(),
        outline,
        place,
        frames: Vec::new(),
        offset,
    };
    cx.resolve();
    let mut out = cx.complete();
    // Every replace span must hold the cursor and stay on its line. A lone `\r` is a line
    // break to YAML and to the LSP but not to `Lines`: a cursor just after one (a CRLF being
    // typed) was offered the previous line's value over that `\r` (found by fuzzing).
    let text = a.text();
    out.retain(|c| {
        c.replace.start <= offset
            && offset <= c.replace.end
            && !text[c.replace.range()].contains(['\n', '\r'])
    });
    out
}

/// A document that may become a flow: empty, a first word, or only flow-level keys so far.
fn maybe_flow(a: &Analysis) -> bool {
    match a.root() {
        None => true,
        Some(root) => match root.as_mapping() {
            Some(entries) => entries.iter().all(|e| {
                e.key
                    .scalar_text()
                    .is_some_and(|k| Context::Flow.field(k).is_some())
            }),
            None => root.as_scalar().is_some() && !a.text().trim().contains('\n'),
        },
    }
}

fn item(
    label: impl Into<String>,
    kind: CompletionKind,
    detail: Option<String>,
    documentation: Option<String>,
    insert: impl Into<String>,
    replace: Span,
    sort: String,
) -> Completion {
    Completion {
        label: label.into(),
        kind,
        detail,
        documentation,
        insert_text: insert.into(),
        is_snippet: false,
        replace,
        sort_key: sort,
    }
}

fn snippet(mut c: Completion) -> Completion {
    c.is_snippet = true;
    c
}

impl<'a> Cx<'a> {
    fn resolve(&mut self) {
        let mut frames = vec![Frame::Map {
            kind: MapKind::Ctx(Context::Flow),
            at: Some(MapAt::Root),
        }];
        for anc in &self.place.path {
            let cur = *frames.last().expect("starts with the flow");
            frames.push(self.next_frame(cur, anc));
        }
        self.frames = frames;
    }

    fn next_frame(&self, cur: Frame, anc: &Anc) -> Frame {
        match (cur, anc) {
            (Frame::Map { kind, at }, Anc::Key { name, line, col }) => {
                let value_at = Some(MapAt::Value {
                    line: *line,
                    col: *col,
                });
                let MapKind::Ctx(context) = kind else {
                    return Frame::Map {
                        kind: MapKind::Free,
                        at: value_at,
                    };
                };
                let Some(field) = context.field(name) else {
                    return Frame::Unknown;
                };
                match field.ty {
                    ValueType::Object(c) => Frame::Map {
                        kind: MapKind::Ctx(c),
                        at: value_at,
                    },
                    ValueType::Map => {
                        let integration = at.and_then(|at| self.integration(at));
                        Frame::Map {
                            kind: MapKind::ServiceParams(integration),
                            at: value_at,
                        }
                    }
                    ValueType::ListOf(c) => Frame::Seq {
                        kind: SeqKind::Items(c),
                    },
                    ValueType::Steps => Frame::Seq {
                        kind: SeqKind::Steps,
                    },
                    ValueType::StringList => Frame::Seq {
                        kind: SeqKind::Strings(field),
                    },
                    ValueType::Any => Frame::Map {
                        kind: MapKind::Free,
                        at: value_at,
                    },
                    _ => Frame::Scalar,
                }
            }
            (Frame::Seq { kind }, Anc::Item { line, col }) => {
                let at = Some(MapAt::Item {
                    line: *line,
                    col: *col,
                });
                match kind {
                    SeqKind::Steps => {
                        // A misspelt kind (`tsak`) still gives that kind's keys.
                        let kind = at
                            .and_then(|at| self.outline.value_of(at, "type"))
                            .and_then(|e| {
                                StepKind::from_name(&e.value).or_else(|| {
                                    fdl_check::did_you_mean(
                                        &e.value,
                                        StepKind::ALL.iter().map(|k| k.name()),
                                    )
                                    .and_then(StepKind::from_name)
                                })
                            });
                        Frame::Map {
                            kind: MapKind::Ctx(kind.map_or(Context::UnknownStep, Context::Step)),
                            at,
                        }
                    }
                    SeqKind::Items(c) => Frame::Map {
                        kind: MapKind::Ctx(c),
                        at,
                    },
                    SeqKind::Strings(_) => Frame::Scalar,
                    SeqKind::Free => Frame::Unknown,
                }
            }
            (Frame::Seq { .. }, Anc::Flow { brace: false, .. }) => cur,
            (Frame::Map { kind, .. }, Anc::Flow { brace: true, .. }) => {
                Frame::Map { kind, at: None }
            }
            (Frame::Scalar, Anc::Flow { brace: true, .. }) => Frame::Map {
                kind: MapKind::Free,
                at: None,
            },
            (Frame::Map { .. } | Frame::Scalar, Anc::Flow { brace: false, .. }) => Frame::Seq {
                kind: SeqKind::Free,
            },
            _ => Frame::Unknown,
        }
    }

    /// The integration the `resourceArn` of the task at `at` names.
    fn integration(&self, at: MapAt) -> Option<Integration> {
        let arn = self.outline.value_of(at, "resourceArn")?;
        match parse_arn(&arn.value) {
            Arn::Known(i) => Some(i),
            _ => None,
        }
    }

    fn complete(&self) -> Vec<Completion> {
        let container = *self.frames.last().expect("starts with the flow");
        match self.place.slot.clone() {
            Slot::Key {
                col,
                replace,
                has_colon,
                new_item,
                flow,
                ..
            } => match container {
                Frame::Map {
                    kind: MapKind::Ctx(context),
                    at,
                } => {
                    let mut out = self.keys(context, at, col, replace, has_colon, flow);
                    let alone = self.other_keys(at).is_empty();
                    if alone && !has_colon {
                        match context {
                            Context::Step(_) | Context::UnknownStep if new_item => {
                                out.extend(self.step_snippets(col, replace, false));
                            }
                            Context::Flow if self.place.path.is_empty() && col == 0 => {
                                out.push(self.flow_snippet(replace));
                            }
                            _ => {}
                        }
                    }
                    out
                }
                Frame::Map {
                    kind: MapKind::ServiceParams(Some(integration)),
                    at,
                } => self.service_param_keys(integration, at, replace, has_colon),
                Frame::Seq {
                    kind: SeqKind::Steps,
                } if !has_colon => self.step_snippets(col, replace, true),
                Frame::Seq {
                    kind: SeqKind::Items(context),
                } if !has_colon && !flow => vec![self.item_snippet(context, col, replace)],
                Frame::Seq {
                    kind: SeqKind::Strings(field),
                } if !has_colon && field.name == "errors" => self.error_names(replace, "- "),
                Frame::Scalar if new_item && !has_colon => match self.list_field() {
                    Some(field) if field.name == "errors" => self.error_names(replace, ""),
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            },
            Slot::Value { key, value, .. } => match container {
                Frame::Map {
                    kind: MapKind::Ctx(context),
                    at,
                } => self.values(context, at, &key, value),
                Frame::Map {
                    kind: MapKind::ServiceParams(_),
                    ..
                } => self.paths(value, PathSite::StepInput),
                _ => Vec::new(),
            },
            Slot::FlowItem { replace, .. } => match container {
                Frame::Seq {
                    kind: SeqKind::Strings(field),
                } if field.name == "errors" => self.error_names(replace, ""),
                _ => Vec::new(),
            },
        }
    }

    /// The field of the list whose item is being typed (`errors` for `- FnF.|`).
    fn list_field(&self) -> Option<&'static Field> {
        let n = self.frames.len();
        match self.frames.get(n.checked_sub(2)?) {
            Some(Frame::Seq {
                kind: SeqKind::Strings(field),
            }) => Some(field),
            _ => None,
        }
    }

    /// The keys of the mapping at `at` (or of the one-line `{...}` the cursor is in), except
    /// the one being typed.
    fn other_keys(&self, at: Option<MapAt>) -> Vec<String> {
        let Some(at) = at else {
            return match self.place.path.last() {
                Some(Anc::Flow {
                    offset,
                    brace: true,
                }) => self.flow_keys(*offset),
                _ => Vec::new(),
            };
        };
        let line = self.outline.lines.line_of(self.offset);
        self.outline
            .entries(at)
            .into_iter()
            .filter(|e| e.line != line)
            .map(|e| e.key)
            .collect()
    }

    /// The keys written in the one-line `{...}` opened at `opener`, except where the cursor is.
    fn flow_keys(&self, opener: usize) -> Vec<String> {
        let text = self.text;
        let lines = self.outline.lines;
        let end = lines.end(lines.line_of(opener));
        let mut keys = Vec::new();
        let mut segment = opener + 1;
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        let close = |from: usize, to: usize, keys: &mut Vec<String>| {
            if !(from <= self.offset && self.offset <= to)
                && let Some((key, _)) = text[from..to].split_once(':')
            {
                keys.push(crate::outline::unquote(key));
            }
        };
        for (i, c) in text[opener + 1..end].char_indices() {
            let at = opener + 1 + i;
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '[' | '{') => depth += 1,
                (None, ']' | '}') if depth > 0 => depth -= 1,
                (None, '}') => {
                    close(segment, at, &mut keys);
                    return keys;
                }
                (None, ',') if depth == 0 => {
                    close(segment, at, &mut keys);
                    segment = at + 1;
                }
                _ => {}
            }
        }
        close(segment, end, &mut keys);
        keys
    }

    fn keys(
        &self,
        context: Context,
        at: Option<MapAt>,
        col: usize,
        replace: Span,
        has_colon: bool,
        flow: bool,
    ) -> Vec<Completion> {
        let present = self.other_keys(at);
        // The names of this step's siblings: scanned only for the fields that need them (a
        // fresh `name`, a catch rule's `goto`).
        let siblings = std::cell::OnceCell::new();
        let siblings = || siblings.get_or_init(|| self.sibling_names());
        let goto_targets: Vec<String> = match context {
            Context::ChoiceBranch | Context::ChoiceDefault | Context::CatchRule => self
                .goto_names(ValueSpan {
                    replace: Span::empty(self.offset),
                    space: "",
                })
                .into_iter()
                .map(|c| c.label)
                .collect(),
            _ => Vec::new(),
        };
        let mut out = Vec::new();
        for (i, field) in context.fields().iter().enumerate() {
            if present.iter().any(|k| k == field.name) {
                continue;
            }
            let group = if field.required { 0 } else { 1 };
            let sort = format!("{group}{i:02}");
            let doc = Some(docs::field_markdown(context, field));
            let detail = Some(docs::field_detail(context, field));
            if has_colon {
                out.push(item(
                    field.name,
                    CompletionKind::Key,
                    detail,
                    doc,
                    field.name,
                    replace,
                    sort,
                ));
            } else if flow {
                out.push(item(
                    field.name,
                    CompletionKind::Key,
                    detail,
                    doc,
                    format!("{}: ", field.name),
                    replace,
                    sort,
                ));
            } else {
                let mut s = Snippet::new();
                s.text(field.name).text(":");
                let mut names = match field.name {
                    "name" => Names::new(siblings().clone()),
                    _ => Names::new([]),
                };
                match (context, field.name) {
                    (
                        Context::ChoiceBranch | Context::ChoiceDefault | Context::CatchRule,
                        "goto",
                    ) if !goto_targets.is_empty() => {
                        let targets: Vec<&str> = goto_targets.iter().map(String::as_str).collect();
                        s.text(" ").choice(&targets);
                    }
                    (Context::Step(StepKind::Task), "serviceParams") => {
                        let integration = at.and_then(|at| self.integration(at));
                        let required: Vec<_> = integration
                            .map(|i| i.service_params().iter().filter(|p| p.required).collect())
                            .unwrap_or_default();
                        s.newline(col + 2);
                        if required.is_empty() {
                            s.placeholder("Name: value");
                        }
                        for (n, p) in required.iter().enumerate() {
                            if n > 0 {
                                s.newline(col + 2);
                            }
                            s.text(p.name).text(": ").placeholder("$");
                        }
                    }
                    (Context::Step(StepKind::Task), "catch") => {
                        // A catch rule's `goto`: the first other sibling.
                        let own = at
                            .and_then(|at| self.outline.value_of(at, "name"))
                            .map(|e| e.value);
                        let target = siblings().iter().find(|n| Some(*n) != own.as_ref());
                        snippets::value(
                            &mut s,
                            context,
                            field,
                            col,
                            &mut names,
                            target.map(String::as_str),
                        );
                    }
                    _ => snippets::value(&mut s, context, field, col, &mut names, None),
                }
                let (insert, _) = s.finish();
                out.push(snippet(item(
                    field.name,
                    CompletionKind::Key,
                    detail,
                    doc,
                    insert,
                    replace,
                    sort,
                )));
            }
        }
        out
    }

    fn service_param_keys(
        &self,
        integration: Integration,
        at: Option<MapAt>,
        replace: Span,
        has_colon: bool,
    ) -> Vec<Completion> {
        let present = self.other_keys(at);
        integration
            .service_params()
            .iter()
            .enumerate()
            .filter(|(_, p)| !present.iter().any(|k| k == p.name))
            .map(|(i, p)| {
                let insert = if has_colon {
                    p.name.to_string()
                } else {
                    format!("{}: ", p.name)
                };
                item(
                    p.name,
                    CompletionKind::Key,
                    Some(format!(
                        "{}{}",
                        integration.title(),
                        if p.required { ", required" } else { "" }
                    )),
                    Some(docs::service_param_markdown(integration, p)),
                    insert,
                    replace,
                    format!("{}{i:02}", if p.required { 0 } else { 1 }),
                )
            })
            .collect()
    }

    /// A whole step of every kind; `dash`: the line has no `- ` yet.
    fn step_snippets(&self, col: usize, replace: Span, dash: bool) -> Vec<Completion> {
        let taken = self.list_names_around();
        let indent = if dash { col + 2 } else { col };
        STEP_TYPE_VALUES
            .iter()
            .enumerate()
            .filter_map(|(i, v)| {
                let kind = StepKind::from_name(v.name)?;
                let mut s = Snippet::new();
                if dash {
                    s.text("- ");
                }
                snippets::step_body(&mut s, kind, indent, &mut Names::new(taken.clone()));
                let (insert, plain) = s.finish();
                Some(snippet(item(
                    format!("{} step", kind.name()),
                    CompletionKind::Snippet,
                    Some(v.doc.to_string()),
                    Some(format!(
                        "{}\n\n```yaml\n{}\n```",
                        docs::kind_markdown(kind),
                        plain
                    )),
                    insert,
                    replace,
                    format!("2{i:02}"),
                )))
            })
            .collect()
    }

    fn item_snippet(&self, context: Context, col: usize, replace: Span) -> Completion {
        let mut s = Snippet::new();
        s.text("- ");
        snippets::mapping_body(&mut s, context, col + 2, &mut Names::new([]), None);
        let (insert, plain) = s.finish();
        let label = match context {
            Context::MappingItem => "mapping item",
            Context::RetryRule => "retry rule",
            Context::CatchRule => "catch rule",
            Context::ChoiceBranch => "choice branch",
            Context::ParallelBranch => "parallel branch",
            _ => "item",
        };
        snippet(item(
            format!("new {label}"),
            CompletionKind::Snippet,
            Some(context.describe()),
            Some(format!("```yaml\n{plain}\n```")),
            insert,
            replace,
            "000".to_string(),
        ))
    }

    fn flow_snippet(&self, replace: Span) -> Completion {
        let mut s = Snippet::new();
        snippets::flow(&mut s);
        let (insert, plain) = s.finish();
        snippet(item(
            "new flow",
            CompletionKind::Snippet,
            Some("version, type and a first step".to_string()),
            Some(format!("A new FDL flow.\n\n```yaml\n{plain}```")),
            insert,
            replace,
            "000".to_string(),
        ))
    }

    /// The error names already in the list being typed into, except the one at the cursor.
    fn listed_errors(&self) -> Vec<String> {
        let lines = self.outline.lines;
        let cursor_line = lines.line_of(self.offset);
        match self.place.path.last() {
            // `[a, b, |]`: the other items of the one-line list.
            Some(Anc::Flow {
                offset,
                brace: false,
            }) => {
                let end = lines.end(lines.line_of(*offset));
                let inside = &self.text[offset + 1..end];
                let inside = inside.split(']').next().unwrap_or(inside);
                let mut at = offset + 1;
                let mut out = Vec::new();
                for item in inside.split(',') {
                    let (start, stop) = (at, at + item.len());
                    at = stop + 1;
                    if !(start <= self.offset && self.offset <= stop) {
                        out.push(crate::outline::unquote(item));
                    }
                }
                out
            }
            _ => {
                // `- a` items: the list is the value of the last key of the path.
                let Some((line, col)) = self.last_key() else {
                    return Vec::new();
                };
                self.outline
                    .items(line, col)
                    .into_iter()
                    .filter(|&(l, _)| l != cursor_line)
                    .map(|(l, _)| {
                        let shape = self.outline.shape(l);
                        let content = lines.content(l);
                        match shape.body {
                            crate::outline::Body::Text { end } => {
                                crate::outline::unquote(&content[shape.body_col..end])
                            }
                            _ => String::new(),
                        }
                    })
                    .collect()
            }
        }
    }

    fn error_names(&self, replace: Span, prefix: &str) -> Vec<Completion> {
        let listed = self.listed_errors();
        BUILTIN_ERRORS
            .iter()
            .filter(|e| !listed.iter().any(|l| l == e.name))
            .enumerate()
            .map(|(i, e)| {
                item(
                    e.name,
                    CompletionKind::Error,
                    Some("built-in error".to_string()),
                    Some(docs::error_markdown(e)),
                    format!("{prefix}{}", e.name),
                    replace,
                    format!("{i:03}"),
                )
            })
            .collect()
    }

    fn values(
        &self,
        context: Context,
        at: Option<MapAt>,
        key: &str,
        value: Span,
    ) -> Vec<Completion> {
        let Some(field) = context.field(key) else {
            return Vec::new();
        };
        let v = self.value_span(value);
        match (context, key) {
            (Context::ChoiceBranch | Context::ChoiceDefault | Context::CatchRule, "goto") => {
                return self.goto_names(v);
            }
            (Context::Step(StepKind::Task), "resourceArn") => return self.arn_templates(v),
            (Context::MappingItem, "source") => return self.source_paths(value),
            (Context::ChoiceBranch, "condition")
            | (Context::IterationMapping, "collection")
            | (Context::Step(StepKind::Wait), "duration" | "timestamp") => {
                return self.paths(value, PathSite::StepInput);
            }
            _ => {}
        }
        if !field.values.is_empty() {
            let allowed: Option<&[&str]> = match (context, key) {
                (Context::Step(StepKind::Task), "pattern") => at
                    .and_then(|at| self.integration(at))
                    .map(Integration::patterns),
                _ => None,
            };
            return field
                .values
                .iter()
                .enumerate()
                .filter(|(_, e)| allowed.is_none_or(|a| a.contains(&e.name)))
                .map(|(i, e)| {
                    item(
                        e.name,
                        CompletionKind::EnumMember,
                        Some(e.doc.to_string()),
                        Some(match (context, key) {
                            (Context::Step(_) | Context::UnknownStep, "type") => {
                                StepKind::from_name(e.name).map_or_else(
                                    || docs::enum_markdown(field, e),
                                    docs::kind_markdown,
                                )
                            }
                            _ => docs::enum_markdown(field, e),
                        }),
                        format!("{}{}", v.space, e.name),
                        v.replace,
                        format!("{i:03}"),
                    )
                })
                .collect();
        }
        if field.ty == ValueType::Boolean {
            return ["true", "false"]
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    item(
                        *b,
                        CompletionKind::Value,
                        field.default.map(|d| format!("default {d}")),
                        None,
                        format!("{}{b}", v.space),
                        v.replace,
                        format!("{i:03}"),
                    )
                })
                .collect();
        }
        Vec::new()
    }

    /// The span a whole-value completion replaces (inside quotes when the value is quoted),
    /// and the space to insert after a bare `key:`.
    fn value_span(&self, value: Span) -> ValueSpan {
        let text = self.text;
        let offset = self.offset;
        if offset < value.start {
            return ValueSpan {
                replace: Span::empty(offset),
                space: "",
            };
        }
        let raw = &text[value.start..value.end.max(offset)];
        let mut start = value.start;
        let mut end = value.end.max(offset);
        if let Some(q) = raw.chars().next().filter(|c| *c == '"' || *c == '\'') {
            start += 1;
            if raw.len() > 1 && raw.ends_with(q) && end > offset {
                end -= 1;
            }
        }
        let space = if value.is_empty() && text[..offset].ends_with(':') {
            " "
        } else {
            ""
        };
        ValueSpan {
            replace: Span::new(start.min(offset), end.max(offset)),
            space,
        }
    }

    /// The index of the innermost frame that is a step (or the flow) at or before `i`.
    fn owner_frame(&self, mut i: usize) -> usize {
        loop {
            match self.frames[i] {
                Frame::Map {
                    kind: MapKind::Ctx(Context::Step(_) | Context::UnknownStep | Context::Flow),
                    ..
                } => return i,
                _ if i == 0 => return 0,
                _ => i -= 1,
            }
        }
    }

    fn map_at(&self, i: usize) -> Option<MapAt> {
        match self.frames.get(i) {
            Some(Frame::Map { at, .. }) => *at,
            _ => None,
        }
    }

    fn kind_at(&self, i: usize) -> Option<Context> {
        match self.frames.get(i) {
            Some(Frame::Map {
                kind: MapKind::Ctx(c),
                ..
            }) => Some(*c),
            _ => None,
        }
    }

    /// For a step frame `i`: the items of its list (line and column of each `- `) and the
    /// line of its own item.
    fn siblings(&self, i: usize) -> Option<(Vec<(usize, usize)>, usize)> {
        let own = match self.place.path.get(i.checked_sub(1)?)? {
            Anc::Item { line, .. } => *line,
            _ => return None,
        };
        match self.place.path.get(i.checked_sub(2)?)? {
            Anc::Key { line, col, .. } => Some((self.outline.items(*line, *col), own)),
            _ => None,
        }
    }

    /// The line and column of the last key on the path to the cursor.
    fn last_key(&self) -> Option<(usize, usize)> {
        self.place.path.iter().rev().find_map(|a| match a {
            Anc::Key { line, col, .. } => Some((*line, *col)),
            _ => None,
        })
    }

    /// Names of the steps in the list being typed into (for fresh names in snippets).
    fn list_names_around(&self) -> Vec<String> {
        // The list is the value of the last key of the path.
        let Some((line, col)) = self.last_key() else {
            return Vec::new();
        };
        self.outline
            .items(line, col)
            .into_iter()
            .filter_map(|(l, c)| {
                self.outline
                    .value_of(MapAt::Item { line: l, col: c }, "name")
            })
            .map(|e| e.value)
            .collect()
    }

    /// Names of the siblings of the step being typed in, for fresh names in snippets.
    fn sibling_names(&self) -> Vec<String> {
        let i = self.owner_frame(self.frames.len() - 1);
        match self.siblings(i) {
            Some((items, _)) => items
                .into_iter()
                .filter_map(|(l, c)| {
                    self.outline
                        .value_of(MapAt::Item { line: l, col: c }, "name")
                })
                .map(|e| e.value)
                .collect(),
            None => Vec::new(),
        }
    }

    fn goto_names(&self, v: ValueSpan) -> Vec<Completion> {
        let last = self.frames.len() - 1;
        let owner = self.owner_frame(last);
        let Some((items, own)) = self.siblings(owner) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (n, (line, col)) in items.into_iter().enumerate() {
            let at = MapAt::Item { line, col };
            let entries = self.outline.entries(at);
            let get = |k: &str| entries.iter().find(|e| e.key == k).map(|e| e.value.clone());
            let Some(name) = get("name").filter(|n| !n.is_empty()) else {
                continue;
            };
            let kind = get("type").unwrap_or_default();
            let itself = line == own;
            let mut doc = format!("**`{name}`**");
            if let Some(k) = StepKind::from_name(&kind) {
                doc.push_str(&format!(" — `{}` step\n\n{}", k.name(), k.doc()));
            }
            doc.push_str(&format!("\n\nLine {}.", line + 1));
            if itself {
                doc.push_str(" This is the step holding this `goto`: jumping to it loops.");
            }
            let insert = if self.text[..v.replace.start].ends_with(['"', '\'']) {
                name.clone()
            } else {
                scalar_text(&name)
            };
            out.push(item(
                name.clone(),
                CompletionKind::Step,
                Some(if kind.is_empty() {
                    "step".to_string()
                } else {
                    format!("{kind} step")
                }),
                Some(doc),
                format!("{}{insert}", v.space),
                v.replace,
                format!("{}{n:04}", if itself { 1 } else { 0 }),
            ));
        }
        out
    }

    fn arn_templates(&self, v: ValueSpan) -> Vec<Completion> {
        Integration::ALL
            .iter()
            .enumerate()
            .map(|(i, integration)| {
                let mut s = Snippet::new();
                s.text(v.space);
                s.template(integration.arn_template());
                let (insert, _) = s.finish();
                snippet(item(
                    integration.arn_template(),
                    CompletionKind::Value,
                    Some(integration.title().to_string()),
                    Some(docs::integration_markdown(*integration)),
                    insert,
                    v.replace,
                    format!("{i:03}"),
                ))
            })
            .collect()
    }

    /// `source:` of a mapping item: its list (`inputMappings`...) decides what the roots mean.
    fn source_paths(&self, value: Span) -> Vec<Completion> {
        // frames: ..., owner, the list (via the role key), the item (then `{` if one-line).
        let Some(i) = (0..self.place.path.len()).rev().find(|&i| {
            matches!(
                self.frames.get(i + 1),
                Some(Frame::Seq {
                    kind: SeqKind::Items(Context::MappingItem)
                })
            )
        }) else {
            return Vec::new();
        };
        let (Anc::Key { name: role_key, .. }, owner) = (&self.place.path[i], i) else {
            return Vec::new();
        };
        let flow = matches!(self.kind_at(owner), Some(Context::Flow));
        let role = match (role_key.as_str(), flow) {
            ("inputMappings", true) => MappingRole::FlowInput,
            ("outputMappings", true) => MappingRole::FlowOutput,
            ("inputMappings", false) => MappingRole::StepInput,
            ("outputMappings", false) => MappingRole::StepOutput,
            ("errorMappings", false) => MappingRole::Error,
            _ => return Vec::new(),
        };
        self.paths(value, PathSite::Source { role, owner })
    }

    /// Completions of a `$` path at the cursor inside `value`.
    fn paths(&self, value: Span, site: PathSite) -> Vec<Completion> {
        let text = self.text;
        let offset = self.offset;
        if offset < value.start {
            return Vec::new();
        }
        // The path being typed: back from the cursor over characters a path can hold.
        let before = &text[value.start..offset];
        let start = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_path_char(c))
            .last()
            .map_or(offset, |(i, _)| value.start + i);
        let fragment = &text[start..offset];
        let word_end = offset
            + text[offset..]
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(text.len() - offset);
        let v = self.value_span(value);
        if !fragment.starts_with('$') {
            // An empty source: offer the roots.
            let inner = &text[v.replace.start..offset];
            if inner.is_empty()
                && let PathSite::Source { role, .. } = site
            {
                return self.roots(role, Span::new(offset, word_end), v.space);
            }
            return Vec::new();
        }
        let after = &fragment[1..];
        if after.chars().all(char::is_alphabetic) {
            return match site {
                PathSite::Source { role, .. } => self.roots(role, Span::new(start, word_end), ""),
                PathSite::StepInput => Vec::new(),
            };
        }
        let (root, rest) = match ["input", "local", "context"]
            .into_iter()
            .find(|r| after.starts_with(r) && !after[r.len()..].starts_with(char::is_alphanumeric))
        {
            Some(r) => (r, &after[r.len()..]),
            None if after.starts_with(['.', '[']) => ("", after),
            None => return Vec::new(),
        };
        let Some(dot) = rest.rfind('.') else {
            return Vec::new();
        };
        let prefix = &rest[..dot];
        let replace = Span::new(offset - (rest.len() - dot - 1), word_end);
        let keys: Vec<(String, String)> = match (root, site) {
            ("context", PathSite::Source { .. }) => {
                let prefix = prefix.trim_start_matches('.');
                let mut seen = Vec::new();
                let mut out = Vec::new();
                for (member, doc) in CONTEXT_MEMBERS {
                    let rest = if prefix.is_empty() {
                        Some(*member)
                    } else {
                        member
                            .strip_prefix(prefix)
                            .and_then(|r| r.strip_prefix('.'))
                    };
                    if let Some(label) = rest
                        && !seen.contains(&label)
                    {
                        seen.push(label);
                        out.push((
                            label.to_string(),
                            docs::context_member_markdown(member, doc),
                        ));
                    }
                }
                return out
                    .into_iter()
                    .enumerate()
                    .map(|(i, (label, doc))| {
                        item(
                            label.clone(),
                            CompletionKind::Path,
                            Some("$context member".to_string()),
                            Some(doc),
                            label,
                            replace,
                            format!("{i:03}"),
                        )
                    })
                    .collect();
            }
            ("local", PathSite::Source { role, owner }) => {
                let (array, keys) = self.local_keys(role, owner);
                let ok = if array {
                    prefix.starts_with('[') && prefix.ends_with(']') && !prefix.contains('.')
                } else {
                    prefix.is_empty()
                };
                if !ok {
                    return Vec::new();
                }
                keys
            }
            ("input", PathSite::Source { role, owner }) if prefix.is_empty() => {
                self.input_keys(role, owner)
            }
            ("", PathSite::StepInput) if prefix.is_empty() => {
                let owner = self.owner_frame(self.frames.len() - 1);
                if matches!(self.kind_at(owner), Some(Context::Flow)) {
                    return Vec::new();
                }
                self.step_input(owner, 0)
            }
            _ => return Vec::new(),
        };
        let mut seen: Vec<String> = Vec::new();
        let mut out = Vec::new();
        // Later producers win: keep the last one of each key.
        for (key, from) in keys.into_iter().rev() {
            if key.is_empty() || seen.contains(&key) {
                continue;
            }
            seen.push(key.clone());
            out.push((key, from));
        }
        out.reverse();
        out.into_iter()
            .enumerate()
            .map(|(i, (key, from))| {
                item(
                    key.clone(),
                    CompletionKind::Path,
                    Some(from.clone()),
                    Some(format!("**`{key}`** — {from}")),
                    key,
                    replace,
                    format!("{i:03}"),
                )
            })
            .collect()
    }

    fn roots(&self, role: MappingRole, replace: Span, space: &str) -> Vec<Completion> {
        let roots: &[&str] = match role {
            MappingRole::FlowInput => &["$input", "$context"],
            MappingRole::Error => &["$local"],
            _ => &["$input", "$local", "$context"],
        };
        roots
            .iter()
            .enumerate()
            .map(|(i, r)| {
                item(
                    *r,
                    CompletionKind::Path,
                    None,
                    Some(docs::root_markdown(r, Some(role))),
                    format!("{space}{r}"),
                    replace,
                    format!("{i:03}"),
                )
            })
            .collect()
    }

    /// Keys `$local.` offers, with where each comes from; `true` when that `$local` is an
    /// array (parallel and foreach outputs).
    fn local_keys(&self, role: MappingRole, owner: usize) -> (bool, Vec<(String, String)>) {
        match role {
            MappingRole::Error => (
                false,
                ["error", "cause"]
                    .iter()
                    .map(|k| (k.to_string(), "of the failed task".to_string()))
                    .collect(),
            ),
            MappingRole::FlowOutput => {
                let items = self.outline.entries(MapAt::Root);
                let steps = items.iter().find(|e| e.key == "steps");
                let mut out = Vec::new();
                if let Some(e) = steps {
                    for (l, c) in self.outline.items(e.line, e.col) {
                        out.extend(self.outputs(MapAt::Item { line: l, col: c }));
                    }
                }
                (false, out)
            }
            MappingRole::StepInput => (false, self.local_before(owner)),
            MappingRole::StepOutput => self.own_local(owner),
            MappingRole::FlowInput => (false, Vec::new()),
        }
    }

    fn input_keys(&self, role: MappingRole, owner: usize) -> Vec<(String, String)> {
        match role {
            MappingRole::FlowOutput => {
                self.targets(MapAt::Root, "inputMappings", "the flow's inputMappings")
            }
            MappingRole::StepInput => self.parent_input(owner, 0),
            MappingRole::StepOutput => self.step_input(owner, 0),
            MappingRole::FlowInput | MappingRole::Error => Vec::new(),
        }
    }

    /// The `target`s of the mapping list `key` of the mapping at `at`.
    fn targets(&self, at: MapAt, key: &str, from: &str) -> Vec<(String, String)> {
        let Some(list) = self.outline.value_of(at, key) else {
            return Vec::new();
        };
        self.outline
            .items(list.line, list.col)
            .into_iter()
            .filter_map(|(l, c)| {
                self.outline
                    .value_of(MapAt::Item { line: l, col: c }, "target")
            })
            .map(|e| (e.value, from.to_string()))
            .collect()
    }

    /// What the step at `at` outputs (its `outputMappings` targets).
    fn outputs(&self, at: MapAt) -> Vec<(String, String)> {
        let from = match self.outline.value_of(at, "name") {
            Some(n) if !n.value.is_empty() => format!("output of step `{}`", n.value),
            _ => "output of an unnamed step".to_string(),
        };
        self.targets(at, "outputMappings", &from)
    }

    /// Outputs of the siblings before the step of frame `i`.
    fn local_before(&self, i: usize) -> Vec<(String, String)> {
        let Some((items, own)) = self.siblings(i) else {
            return Vec::new();
        };
        items
            .into_iter()
            .filter(|&(l, _)| l < own)
            .flat_map(|(l, c)| self.outputs(MapAt::Item { line: l, col: c }))
            .collect()
    }

    /// The input of the step of frame `i`: its `inputMappings` targets, or by default its
    /// parent's input merged with its parent's local.
    fn step_input(&self, i: usize, depth: usize) -> Vec<(String, String)> {
        let Some(at) = self.map_at(i) else {
            return Vec::new();
        };
        if self.outline.value_of(at, "inputMappings").is_some() {
            return self.targets(at, "inputMappings", "this step's inputMappings");
        }
        let mut keys = self.parent_input(i, depth + 1);
        keys.extend(self.local_before(i));
        keys
    }

    /// The input of the parent of the step of frame `i` (what `$input` means in its
    /// `inputMappings`).
    fn parent_input(&self, i: usize, depth: usize) -> Vec<(String, String)> {
        if i < 2 || depth > 64 {
            return Vec::new();
        }
        let parent = self.owner_frame(i - 2);
        match self.kind_at(parent) {
            Some(Context::Flow) => {
                self.targets(MapAt::Root, "inputMappings", "the flow's inputMappings")
            }
            Some(Context::Step(kind)) => {
                let mut keys = self.step_input(parent, depth);
                if kind == StepKind::Foreach
                    && let Some(at) = self.map_at(parent)
                    && let Some(im) = self.outline.value_of(at, "iterationMapping")
                {
                    let im_at = MapAt::Value {
                        line: im.line,
                        col: im.col,
                    };
                    for (key, what) in [("item", "current element"), ("index", "current position")]
                    {
                        if let Some(e) = self.outline.value_of(im_at, key) {
                            keys.push((e.value, format!("the foreach's {what}")));
                        }
                    }
                }
                keys
            }
            _ => Vec::new(),
        }
    }

    /// What `$local` holds in the `outputMappings` of the step of frame `i`: the outputs of
    /// the steps inside it (an array for parallel and foreach).
    fn own_local(&self, i: usize) -> (bool, Vec<(String, String)>) {
        let (Some(at), Some(Context::Step(kind))) = (self.map_at(i), self.kind_at(i)) else {
            return (false, Vec::new());
        };
        let mut lists: Vec<(usize, usize)> = Vec::new();
        let entries = self.outline.entries(at);
        let get = |k: &str| entries.iter().find(|e| e.key == k);
        let branch_lists = |key: &str, lists: &mut Vec<(usize, usize)>| {
            if let Some(e) = get(key) {
                for (l, c) in self.outline.items(e.line, e.col) {
                    if let Some(s) = self
                        .outline
                        .value_of(MapAt::Item { line: l, col: c }, "steps")
                    {
                        lists.push((s.line, s.col));
                    }
                }
            }
        };
        match kind {
            StepKind::Choice => {
                branch_lists("choices", &mut lists);
                if let Some(d) = get("default")
                    && let Some(s) = self.outline.value_of(
                        MapAt::Value {
                            line: d.line,
                            col: d.col,
                        },
                        "steps",
                    )
                {
                    lists.push((s.line, s.col));
                }
            }
            StepKind::Parallel => branch_lists("branches", &mut lists),
            StepKind::Foreach => {
                if let Some(s) = get("steps") {
                    lists.push((s.line, s.col));
                }
            }
            _ => return (false, Vec::new()),
        }
        let keys = lists
            .into_iter()
            .flat_map(|(line, col)| self.outline.items(line, col))
            .flat_map(|(l, c)| self.outputs(MapAt::Item { line: l, col: c }))
            .collect();
        (kind.local_is_array(), keys)
    }
}

#[derive(Clone, Copy, Debug)]
enum PathSite {
    /// A mapping `source`: which list it is in, and the frame of the step (or flow) owning it.
    Source { role: MappingRole, owner: usize },
    /// A `$.path` of the step input (conditions, `serviceParams`, `collection`, wait times).
    StepInput,
}

#[derive(Clone, Copy, Debug)]
struct ValueSpan {
    replace: Span,
    /// `" "` when the value follows `key:` with no space yet.
    space: &'static str,
}

fn is_path_char(c: char) -> bool {
    !c.is_whitespace()
        && !matches!(
            c,
            '(' | ')'
                | '!'
                | '='
                | '<'
                | '>'
                | '&'
                | '|'
                | '+'
                | ','
                | '"'
                | '\''
                | '`'
                | '{'
                | '}'
        )
}
