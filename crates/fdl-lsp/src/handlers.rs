//! One function per request: LSP parameters in, fdl-ide called with byte offsets, LSP result
//! out. Documents that are not flows get empty answers (`null`), so the server can be
//! attached to every YAML file and leave the others alone.

use std::collections::HashMap;

use fdl_check::Edit;
use fdl_ide::{
    ActionKind, Analysis, Completion, CompletionKind, FoldKind, Span, Symbol, SymbolKind, Target,
};
use gen_lsp_types::{
    self as lsp, CodeAction, CodeActionKind, CompletionItem, CompletionItemKind, CompletionList,
    CompletionParams, DefinitionParams, DocumentChange, DocumentFormattingParams,
    DocumentRangeFormattingParams, DocumentSymbol, DocumentSymbolParams, FoldingRange,
    FoldingRangeKind, FoldingRangeParams, HoverParams, InsertTextFormat, InsertTextMode, Location,
    LocationLink, MarkupContent, MarkupKind, OptionalVersionedTextDocumentIdentifier,
    PrepareRenameParams, ReferenceParams, RenameParams, SelectionRange, SelectionRangeParams,
    SemanticToken, SemanticTokens, SemanticTokensParams, SymbolInformation, TextDocumentEdit,
    TextDocumentIdentifier, TextEdit, Uri, WorkspaceEdit,
};
use lsp_server::{ErrorCode, Request, ResponseError};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::caps::ClientCaps;
use crate::convert::Lines;
use crate::server::{Server, invalid_params, parse};
use crate::settings::Settings;

type Answer = Result<Value, ResponseError>;

pub fn dispatch(server: &Server, req: Request) -> Answer {
    let Request { method, params, .. } = req;
    match method.as_str() {
        "textDocument/completion" => completion(server, p(params)?),
        "textDocument/hover" => hover(server, p(params)?),
        "textDocument/definition" => definition(server, p(params)?),
        "textDocument/references" => references(server, p(params)?),
        "textDocument/prepareRename" => prepare_rename(server, p(params)?),
        "textDocument/rename" => rename(server, p(params)?),
        "textDocument/documentSymbol" => document_symbols(server, p(params)?),
        "textDocument/foldingRange" => folding_ranges(server, p(params)?),
        "textDocument/selectionRange" => selection_ranges(server, p(params)?),
        "textDocument/codeAction" => code_actions(server, p(params)?),
        "textDocument/semanticTokens/full" => semantic_tokens(server, p(params)?),
        "textDocument/formatting" => formatting(server, p(params)?),
        "textDocument/rangeFormatting" => range_formatting(server, p(params)?),
        GRAPH_METHOD => graph(server, p(params)?),
        _ => Err(ResponseError {
            code: ErrorCode::MethodNotFound as i32,
            message: format!("fdl does not answer `{method}`"),
            data: None,
        }),
    }
}

fn p<T: serde::de::DeserializeOwned>(params: Value) -> Result<T, ResponseError> {
    parse(params).map_err(invalid_params)
}

fn json(value: impl Serialize) -> Answer {
    serde_json::to_value(value).map_err(|e| ResponseError {
        code: ErrorCode::InternalError as i32,
        message: format!("cannot encode the answer: {e}"),
        data: None,
    })
}

/// A request fdl understood but cannot carry out; the message says why.
fn failed(message: String) -> ResponseError {
    ResponseError {
        code: ErrorCode::RequestFailed as i32,
        message,
        data: None,
    }
}

/// Everything a handler needs about one open document.
struct Ctx<'a> {
    uri: &'a str,
    doc_version: i32,
    analysis: &'a Analysis,
    lines: Lines<'a>,
    client: &'a ClientCaps,
    settings: std::rc::Rc<Settings>,
}

/// Runs `f` on the open document `uri` if it is a flow; `null` otherwise.
fn with_flow(
    server: &Server,
    uri: &TextDocumentIdentifier,
    f: impl FnOnce(&Ctx<'_>) -> Answer,
) -> Answer {
    with_doc(server, uri, true, f)
}

/// Runs `f` on the open document `uri` (only if it is a flow, when `flows_only`).
fn with_doc(
    server: &Server,
    uri: &TextDocumentIdentifier,
    flows_only: bool,
    f: impl FnOnce(&Ctx<'_>) -> Answer,
) -> Answer {
    let uri = uri.uri.0.as_str();
    let settings = server.settings.get(uri);
    let encoding = server.encoding;
    let client = &server.client;
    let Some(doc) = server.docs.get(uri) else {
        return Err(invalid_params(format!(
            "{uri} is not open: the client must send `textDocument/didOpen` first"
        )));
    };
    if doc.too_large() {
        return Ok(Value::Null);
    }
    let doc_version = doc.version;
    let (analysis, lines) = doc.parts(encoding);
    if flows_only && !analysis.is_flow() {
        return Ok(Value::Null);
    }
    f(&Ctx {
        uri,
        doc_version,
        analysis,
        lines,
        client,
        settings,
    })
}

fn markup(value: String, markdown: bool) -> MarkupContent {
    MarkupContent {
        kind: if markdown {
            MarkupKind::Markdown
        } else {
            MarkupKind::PlainText
        },
        value,
    }
}

/// Completion is asked of every document: fdl-ide offers a new flow in an empty or
/// just-started one, and nothing in other YAML.
fn completion(server: &Server, params: CompletionParams) -> Answer {
    let at = params.text_document_position_params;
    with_doc(server, &at.text_document, false, |cx| {
        let offset = cx.lines.offset(at.position);
        let items: Vec<CompletionItem> = cx
            .analysis
            .completions(offset)
            .into_iter()
            .map(|c| completion_item(c, offset, cx))
            .collect();
        if items.is_empty() && !cx.analysis.is_flow() {
            return Ok(Value::Null);
        }
        json(CompletionList {
            is_incomplete: false,
            items,
            ..Default::default()
        })
    })
}

fn completion_item(c: Completion, offset: usize, cx: &Ctx<'_>) -> CompletionItem {
    // The protocol wants a one-line range around the cursor; anything else is narrowed to
    // an insertion at the cursor.
    let mut replace = c.replace;
    let same_line = |a: usize, b: usize| !cx.lines.text.get(a..b).unwrap_or("\n").contains('\n');
    if replace.start > offset || replace.end < offset || !same_line(replace.start, replace.end) {
        replace = Span::empty(offset);
    }
    let (text, snippet) = if c.is_snippet && !cx.client.snippets {
        (snippet_to_plain(&c.insert_text), false)
    } else {
        (c.insert_text, c.is_snippet)
    };
    CompletionItem {
        label: c.label,
        kind: Some(match c.kind {
            CompletionKind::Key => CompletionItemKind::Property,
            CompletionKind::Value => CompletionItemKind::Value,
            CompletionKind::EnumMember => CompletionItemKind::EnumMember,
            CompletionKind::Step => CompletionItemKind::Reference,
            CompletionKind::Snippet => CompletionItemKind::Snippet,
            CompletionKind::Path => CompletionItemKind::Variable,
            CompletionKind::Error => CompletionItemKind::Constant,
        }),
        detail: c.detail,
        documentation: c
            .documentation
            .map(|d| markup(d, cx.client.completion_markdown).into()),
        sort_text: Some(c.sort_key),
        insert_text_format: Some(if snippet {
            InsertTextFormat::Snippet
        } else {
            InsertTextFormat::PlainText
        }),
        // Multi-line texts come indented as they must stand in the document.
        insert_text_mode: text.contains('\n').then_some(InsertTextMode::AsIs),
        text_edit: Some(
            TextEdit {
                range: cx.lines.range(replace),
                new_text: text,
            }
            .into(),
        ),
        ..Default::default()
    }
}

/// The text a snippet inserts when its tab stops are dropped: placeholders keep their
/// default text, a choice its first option, escapes are resolved.
pub fn snippet_to_plain(snippet: &str) -> String {
    type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;
    /// Copies text up to `end` (unescaped), or to the end of the snippet.
    fn until(chars: &mut Chars<'_>, out: &mut String, end: Option<char>) {
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.peek() {
                    Some(&next) if matches!(next, '$' | '}' | '\\' | ',' | '|') => {
                        out.push(next);
                        chars.next();
                    }
                    _ => out.push('\\'),
                },
                c if Some(c) == end => return,
                '$' => match chars.peek() {
                    Some(d) if d.is_ascii_digit() => {
                        while chars.peek().is_some_and(char::is_ascii_digit) {
                            chars.next();
                        }
                    }
                    Some('{') => {
                        chars.next();
                        while chars
                            .peek()
                            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
                        {
                            chars.next();
                        }
                        match chars.next() {
                            Some(':') => until(chars, out, Some('}')),
                            Some('|') => first_choice(chars, out),
                            _ => {}
                        }
                    }
                    _ => out.push('$'),
                },
                c => out.push(c),
            }
        }
    }
    /// `a,b,c|}` (after `${1|`): copies `a`.
    fn first_choice(chars: &mut Chars<'_>, out: &mut String) {
        let mut first = true;
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    if let Some(next) = chars.next()
                        && first
                    {
                        out.push(next);
                    }
                }
                ',' => first = false,
                '|' => break,
                c if first => out.push(c),
                _ => {}
            }
        }
        if chars.peek() == Some(&'}') {
            chars.next();
        }
    }
    let mut out = String::new();
    until(&mut snippet.chars().peekable(), &mut out, None);
    out
}

fn hover(server: &Server, params: HoverParams) -> Answer {
    let at = params.text_document_position_params;
    with_flow(server, &at.text_document, |cx| {
        let offset = cx.lines.offset(at.position);
        match cx.analysis.hover(offset) {
            None => Ok(Value::Null),
            Some(h) => json(lsp::Hover {
                contents: lsp::Contents::MarkupContent(markup(
                    h.markdown,
                    cx.client.hover_markdown,
                )),
                range: Some(cx.lines.range(h.span)),
            }),
        }
    })
}

fn location(cx: &Ctx<'_>, span: Span) -> Location {
    Location {
        uri: Uri::from(cx.uri),
        range: cx.lines.range(span),
    }
}

fn definition(server: &Server, params: DefinitionParams) -> Answer {
    let at = params.text_document_position_params;
    with_flow(server, &at.text_document, |cx| {
        let offset = cx.lines.offset(at.position);
        let targets: Vec<Target> = cx.analysis.definition(offset);
        if targets.is_empty() {
            return Ok(Value::Null);
        }
        if cx.client.definition_links {
            let links: Vec<LocationLink> = targets
                .iter()
                .map(|t| {
                    // The protocol wants the focus inside the whole.
                    let full =
                        Span::new(t.full.start.min(t.focus.start), t.full.end.max(t.focus.end));
                    LocationLink {
                        origin_selection_range: None,
                        target_uri: Uri::from(cx.uri),
                        target_range: cx.lines.range(full),
                        target_selection_range: cx.lines.range(t.focus),
                    }
                })
                .collect();
            json(links)
        } else {
            let locations: Vec<Location> = targets.iter().map(|t| location(cx, t.focus)).collect();
            json(locations)
        }
    })
}

fn references(server: &Server, params: ReferenceParams) -> Answer {
    let at = params.text_document_position_params;
    let include = params.context.include_declaration;
    with_flow(server, &at.text_document, |cx| {
        let offset = cx.lines.offset(at.position);
        let locations: Vec<Location> = cx
            .analysis
            .references(offset, include)
            .into_iter()
            .map(|s| location(cx, s))
            .collect();
        json(locations)
    })
}

fn prepare_rename(server: &Server, params: PrepareRenameParams) -> Answer {
    let at = params.text_document_position_params;
    with_flow(server, &at.text_document, |cx| {
        let offset = cx.lines.offset(at.position);
        match cx.analysis.prepare_rename(offset) {
            Ok(span) => json(cx.lines.range(span)),
            Err(why) => Err(failed(why)),
        }
    })
}

fn rename(server: &Server, params: RenameParams) -> Answer {
    let at = params.text_document_position_params;
    with_flow(server, &at.text_document, |cx| {
        let offset = cx.lines.offset(at.position);
        match cx.analysis.rename(offset, &params.new_name) {
            Ok(edits) => json(workspace_edit(cx, edits)),
            Err(why) => Err(failed(why)),
        }
    })
}

fn text_edits(cx: &Ctx<'_>, edits: Vec<Edit>) -> Vec<TextEdit> {
    edits
        .into_iter()
        .map(|e| TextEdit {
            range: cx.lines.range(e.span),
            new_text: e.replacement,
        })
        .collect()
}

/// Edits of this document, tied to its version when the client can check it (so a client
/// that has moved on refuses them instead of corrupting the text).
fn workspace_edit(cx: &Ctx<'_>, edits: Vec<Edit>) -> WorkspaceEdit {
    let edits = text_edits(cx, edits);
    if cx.client.document_changes {
        WorkspaceEdit {
            document_changes: Some(vec![DocumentChange::TextDocumentEdit(TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    version: Some(cx.doc_version),
                    text_document_identifier: TextDocumentIdentifier {
                        uri: Uri::from(cx.uri),
                    },
                },
                edits: edits.into_iter().map(lsp::Edit::TextEdit).collect(),
            })]),
            ..Default::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(Uri::from(cx.uri), edits)])),
            ..Default::default()
        }
    }
}

fn document_symbols(server: &Server, params: DocumentSymbolParams) -> Answer {
    with_flow(server, &params.text_document, |cx| {
        let symbols = cx.analysis.document_symbols();
        if cx.client.hierarchical_symbols {
            let tree: Vec<DocumentSymbol> =
                symbols.iter().map(|s| document_symbol(cx, s)).collect();
            json(tree)
        } else {
            let mut flat = Vec::new();
            flatten_symbols(cx, &symbols, None, &mut flat);
            json(flat)
        }
    })
}

fn symbol_kind(kind: SymbolKind) -> lsp::SymbolKind {
    match kind {
        SymbolKind::Flow => lsp::SymbolKind::Module,
        SymbolKind::Step => lsp::SymbolKind::Function,
        SymbolKind::Branch => lsp::SymbolKind::Namespace,
    }
}

#[allow(deprecated)]
fn document_symbol(cx: &Ctx<'_>, s: &Symbol) -> DocumentSymbol {
    let full = Span::new(s.full.start.min(s.focus.start), s.full.end.max(s.focus.end));
    DocumentSymbol {
        // The protocol refuses empty names (an unnamed step while typing).
        name: if s.name.trim().is_empty() {
            "(unnamed)".to_string()
        } else {
            s.name.clone()
        },
        detail: (!s.detail.is_empty()).then(|| s.detail.clone()),
        kind: symbol_kind(s.kind),
        range: cx.lines.range(full),
        selection_range: cx.lines.range(s.focus),
        children: (!s.children.is_empty())
            .then(|| s.children.iter().map(|c| document_symbol(cx, c)).collect()),
        tags: None,
        deprecated: None,
    }
}

#[allow(deprecated)]
fn flatten_symbols(
    cx: &Ctx<'_>,
    symbols: &[Symbol],
    container: Option<&str>,
    out: &mut Vec<SymbolInformation>,
) {
    for s in symbols {
        let name = if s.name.trim().is_empty() {
            "(unnamed)".to_string()
        } else {
            s.name.clone()
        };
        out.push(SymbolInformation {
            deprecated: None,
            location: location(cx, s.full),
            base_symbol_information: lsp::BaseSymbolInformation {
                name: name.clone(),
                kind: symbol_kind(s.kind),
                tags: None,
                container_name: container.map(str::to_string),
            },
        });
        flatten_symbols(cx, &s.children, Some(&name), out);
    }
}

fn folding_ranges(server: &Server, params: FoldingRangeParams) -> Answer {
    with_flow(server, &params.text_document, |cx| {
        let folds: Vec<FoldingRange> = cx
            .analysis
            .folding_ranges()
            .into_iter()
            .filter(|f| f.end_line > f.start_line)
            .map(|f| FoldingRange {
                start_line: f.start_line,
                end_line: f.end_line,
                kind: Some(match f.kind {
                    FoldKind::Region => FoldingRangeKind::Region,
                    FoldKind::Comment => FoldingRangeKind::Comment,
                }),
                ..Default::default()
            })
            .collect();
        json(folds)
    })
}

fn selection_ranges(server: &Server, params: SelectionRangeParams) -> Answer {
    with_flow(server, &params.text_document, |cx| {
        let offsets: Vec<usize> = params
            .positions
            .iter()
            .map(|&p| cx.lines.offset(p))
            .collect();
        let mut nested = cx.analysis.selection_ranges(&offsets).into_iter();
        let ranges: Vec<SelectionRange> = offsets
            .iter()
            .map(|&offset| {
                // Innermost first; each must hold the one before it.
                let mut chain: Vec<Span> = vec![Span::empty(offset)];
                for span in nested.next().unwrap_or_default() {
                    let last = chain[chain.len() - 1];
                    if span.start <= last.start && span.end >= last.end && span != last {
                        chain.push(span);
                    }
                }
                if chain.len() > 1 {
                    chain.remove(0);
                }
                let mut range: Option<SelectionRange> = None;
                for span in chain.into_iter().rev() {
                    range = Some(SelectionRange {
                        range: cx.lines.range(span),
                        parent: range.map(Box::new),
                    });
                }
                range.unwrap_or_else(|| SelectionRange {
                    range: cx.lines.range(Span::empty(offset)),
                    parent: None,
                })
            })
            .collect();
        json(ranges)
    })
}

/// `textDocument/codeAction` parameters, read leniently: the context's diagnostics may come
/// from other servers in shapes fdl need not understand, and only ours are looked at.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CodeActionRequest {
    text_document: TextDocumentIdentifier,
    range: lsp::Range,
    #[serde(default)]
    context: CodeActionRequestContext,
}

#[derive(Deserialize, Default)]
struct CodeActionRequestContext {
    #[serde(default)]
    diagnostics: Vec<Value>,
    #[serde(default)]
    only: Option<Vec<String>>,
}

fn code_actions(server: &Server, params: CodeActionRequest) -> Answer {
    if !server.client.code_action_literals {
        return json(Vec::<CodeAction>::new());
    }
    let only = params.context.only;
    with_flow(server, &params.text_document, |cx| {
        let span = cx.lines.span(params.range);
        let wanted = |kind: &str| {
            only.as_ref().is_none_or(|only| {
                only.iter()
                    .any(|o| kind == o || kind.starts_with(&format!("{o}.")))
            })
        };
        let mut actions = Vec::new();
        for action in cx.analysis.code_actions(span, &cx.settings.levels) {
            let (kind, name) = match action.kind {
                ActionKind::QuickFix => (CodeActionKind::QuickFix, "quickfix"),
                ActionKind::Refactor => (CodeActionKind::Refactor, "refactor"),
            };
            // Quick fixes belong to diagnostics, which an excluded document does not show.
            if !wanted(name) || (action.kind == ActionKind::QuickFix && !cx.settings.checked) {
                continue;
            }
            let diagnostics: Vec<lsp::Diagnostic> = params
                .context
                .diagnostics
                .iter()
                .filter_map(|d| serde_json::from_value::<lsp::Diagnostic>(d.clone()).ok())
                .filter(|d| {
                    action.fixes.iter().any(|(code, span)| {
                        d.code == Some(lsp::Code::String(code.clone()))
                            && d.range == cx.lines.range(*span)
                    })
                })
                .collect();
            actions.push(CodeAction {
                title: action.title,
                kind: Some(kind),
                diagnostics: (!diagnostics.is_empty()).then_some(diagnostics),
                is_preferred: action.preferred.then_some(true),
                edit: Some(workspace_edit(cx, action.edits)),
                ..Default::default()
            });
        }
        json(actions)
    })
}

fn semantic_tokens(server: &Server, params: SemanticTokensParams) -> Answer {
    with_flow(server, &params.text_document, |cx| {
        let mut tokens = cx.analysis.semantic_tokens();
        tokens.sort_by_key(|t| (t.span.start, t.span.end));
        let mut data = Vec::with_capacity(tokens.len());
        let (mut line, mut col, mut end) = (0u32, 0u32, 0usize);
        for token in tokens {
            // Tokens may not overlap, be empty or span lines.
            let multiline = cx
                .lines
                .text
                .get(token.span.start..token.span.end)
                .is_none_or(|t| t.contains('\n'));
            if token.span.start < end || token.span.is_empty() || multiline {
                continue;
            }
            let Some(kind) = fdl_ide::TokenKind::LEGEND
                .iter()
                .position(|&k| k == token.kind)
            else {
                continue;
            };
            let start = cx.lines.position(token.span.start);
            let width = cx.lines.width(token.span);
            data.push(SemanticToken {
                delta_line: start.line - line,
                delta_start: if start.line == line {
                    start.character - col
                } else {
                    start.character
                },
                length: width,
                token_type: kind as u32,
                token_modifiers_bitset: 0,
            });
            line = start.line;
            col = start.character;
            end = token.span.end;
        }
        json(SemanticTokens {
            result_id: None,
            data,
        })
    })
}

fn formatting(server: &Server, params: DocumentFormattingParams) -> Answer {
    with_flow(server, &params.text_document, |cx| {
        match cx.analysis.format(&cx.settings.format) {
            Ok(None) => json(Vec::<TextEdit>::new()),
            Ok(Some(edits)) => json(text_edits(cx, edits)),
            Err(why) => Err(failed(why)),
        }
    })
}

fn range_formatting(server: &Server, params: DocumentRangeFormattingParams) -> Answer {
    with_flow(server, &params.text_document, |cx| {
        let span = cx.lines.span(params.range);
        match cx.analysis.format_range(span, &cx.settings.format) {
            Ok(None) => json(Vec::<TextEdit>::new()),
            Ok(Some(edits)) => json(text_edits(cx, edits)),
            Err(why) => Err(failed(why)),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::snippet_to_plain;

    #[test]
    fn snippets_as_plain_text() {
        assert_eq!(snippet_to_plain("goto: $1"), "goto: ");
        assert_eq!(
            snippet_to_plain("name: ${1:step}\ntype: ${2|pass,task|}$0"),
            "name: step\ntype: pass"
        );
        assert_eq!(snippet_to_plain("a ${1:b ${2:c}} d"), "a b c d");
        assert_eq!(
            snippet_to_plain(r"cost: \$5 \} ${1:x\}y}"),
            "cost: $5 } x}y"
        );
        assert_eq!(
            snippet_to_plain("$ and ${name:default} and ${3}"),
            "$ and default and "
        );
        assert_eq!(snippet_to_plain("unclosed ${1:abc"), "unclosed abc");
        assert_eq!(
            snippet_to_plain(r"source: \$input.a\}${1:\$x}${2|a\,b,c|}"),
            "source: $input.a}$xa,b"
        );
        assert_eq!(
            snippet_to_plain("nul \0 ${1|x\\|y,z|} end"),
            "nul \0 x|y end"
        );
    }
}

/// fdl's own request: the control-flow graph of an open flow, for a graph view beside the text.
pub const GRAPH_METHOD: &str = "fdl/graph";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GraphParams {
    text_document: TextDocumentIdentifier,
}

#[derive(Serialize)]
struct GraphAnswer<'a> {
    uri: &'a str,
    /// The document version the graph was drawn from, so that a view can drop late answers.
    version: Option<i32>,
    /// As `fdl graph --format json` prints it (docs/graph.md).
    graph: Option<fdl_graph::Graph>,
    /// The drawing of `fdl graph --format svg`: each node a `g` element with `data-id`.
    svg: Option<String>,
    /// The range of each step node, by node id, in the negotiated position encoding.
    ranges: std::collections::BTreeMap<String, lsp::Range>,
    /// Why there is no graph.
    message: Option<String>,
}

/// The graph of the document's current version, with the diagnostics it is checked with
/// (none when its `fdl.toml` excludes it). A document that is not open or not a flow gets an
/// answer without a graph and with the reason, so a graph view can say why it is empty.
fn graph(server: &Server, params: GraphParams) -> Answer {
    let uri = params.text_document.uri.0.as_str();
    let mut answer = GraphAnswer {
        uri,
        version: None,
        graph: None,
        svg: None,
        ranges: Default::default(),
        message: None,
    };
    match server.docs.get(uri) {
        None => {
            answer.message = Some("the document is not open".to_string());
            return json(answer);
        }
        Some(doc) if doc.too_large() => {
            answer.version = Some(doc.version);
            answer.message = Some(fdl_check::TOO_LARGE.to_string());
            return json(answer);
        }
        Some(_) => {}
    }
    with_doc(server, &params.text_document, false, |cx| {
        answer.version = Some(cx.doc_version);
        if !cx.analysis.is_flow() {
            answer.message = Some(
                "this file is not a flow: a flow has `type: flow` at the top level".to_string(),
            );
            return json(answer);
        }
        let diagnostics = if cx.settings.checked {
            cx.analysis.diagnostics(&cx.settings.levels)
        } else {
            Vec::new()
        };
        match fdl_graph::build(cx.analysis.text(), cx.analysis.parsed(), &diagnostics) {
            Ok(graph) => {
                answer.ranges = graph
                    .nodes
                    .iter()
                    .filter_map(|node| {
                        let span = node.span?;
                        let span = Span::new(span.start.offset, span.end.offset);
                        Some((node.id.clone(), cx.lines.range(span)))
                    })
                    .collect();
                answer.svg = Some(fdl_graph::svg::render(&graph));
                answer.graph = Some(graph);
            }
            Err(no_graph) => answer.message = Some(no_graph.message),
        }
        json(answer)
    })
}
