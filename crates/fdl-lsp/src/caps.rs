//! What the client can do (read leniently from the raw `initialize` parameters, so that an
//! unusual or older client is never refused), and what the server announces in return.

use fdl_ide::TokenKind;
use gen_lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProvider, CompletionOptions, Full,
    PositionEncodingKind, RenameOptions, RenameProvider, SemanticTokensLegend,
    SemanticTokensOptions, SemanticTokensProvider, ServerCapabilities, TextDocumentSync,
    TextDocumentSyncKind, TextDocumentSyncOptions,
};
use serde_json::Value;

use crate::convert::Encoding;

#[derive(Clone, Debug, Default)]
pub struct ClientCaps {
    /// The client offers `utf-8` positions (`general.positionEncodings`).
    pub utf8: bool,
    pub snippets: bool,
    pub hover_markdown: bool,
    pub completion_markdown: bool,
    pub definition_links: bool,
    pub hierarchical_symbols: bool,
    pub prepare_rename: bool,
    pub code_action_literals: bool,
    /// Workspace edits may carry the document version they apply to.
    pub document_changes: bool,
    pub watched_files_registration: bool,
}

impl ClientCaps {
    pub fn from_initialize(params: &Value) -> ClientCaps {
        let caps = &params["capabilities"];
        let flag = |pointer: &str| caps.pointer(pointer).and_then(Value::as_bool) == Some(true);
        let lists = |pointer: &str, item: &str| {
            caps.pointer(pointer)
                .and_then(Value::as_array)
                .is_some_and(|a| a.iter().any(|v| v.as_str() == Some(item)))
        };
        ClientCaps {
            utf8: lists("/general/positionEncodings", "utf-8"),
            snippets: flag("/textDocument/completion/completionItem/snippetSupport"),
            hover_markdown: lists("/textDocument/hover/contentFormat", "markdown"),
            completion_markdown: lists(
                "/textDocument/completion/completionItem/documentationFormat",
                "markdown",
            ),
            definition_links: flag("/textDocument/definition/linkSupport"),
            hierarchical_symbols: flag(
                "/textDocument/documentSymbol/hierarchicalDocumentSymbolSupport",
            ),
            prepare_rename: flag("/textDocument/rename/prepareSupport"),
            code_action_literals: caps
                .pointer("/textDocument/codeAction/codeActionLiteralSupport")
                .is_some_and(Value::is_object),
            document_changes: flag("/workspace/workspaceEdit/documentChanges"),
            watched_files_registration: flag(
                "/workspace/didChangeWatchedFiles/dynamicRegistration",
            ),
        }
    }

    pub fn encoding(&self) -> Encoding {
        if self.utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        }
    }
}

/// The standard LSP name of each semantic token kind, in the order of `TokenKind::LEGEND`.
pub fn token_type_name(kind: TokenKind) -> &'static str {
    match kind {
        TokenKind::Variable => "variable",
        TokenKind::Property => "property",
        TokenKind::Operator => "operator",
        TokenKind::Number => "number",
        TokenKind::String => "string",
        TokenKind::Keyword => "keyword",
    }
}

pub fn server_capabilities(client: &ClientCaps) -> ServerCapabilities {
    let encoding = match client.encoding() {
        Encoding::Utf8 => PositionEncodingKind::UTF8,
        Encoding::Utf16 => PositionEncodingKind::UTF16,
    };
    ServerCapabilities {
        position_encoding: Some(encoding),
        text_document_sync: Some(TextDocumentSync::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::Incremental),
            ..Default::default()
        })),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["$".to_string(), ".".to_string()]),
            ..Default::default()
        }),
        hover_provider: Some(true.into()),
        definition_provider: Some(true.into()),
        references_provider: Some(true.into()),
        rename_provider: Some(if client.prepare_rename {
            RenameProvider::RenameOptions(RenameOptions {
                prepare_provider: Some(true),
                ..Default::default()
            })
        } else {
            RenameProvider::Bool(true)
        }),
        document_symbol_provider: Some(true.into()),
        folding_range_provider: Some(true.into()),
        selection_range_provider: Some(true.into()),
        // Code action literals are how quick fixes travel; a client without them gets none.
        code_action_provider: client.code_action_literals.then(|| {
            CodeActionProvider::CodeActionOptions(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QuickFix, CodeActionKind::Refactor]),
                ..Default::default()
            })
        }),
        document_formatting_provider: Some(true.into()),
        document_range_formatting_provider: Some(true.into()),
        semantic_tokens_provider: Some(SemanticTokensProvider::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: SemanticTokensLegend {
                    token_types: TokenKind::LEGEND
                        .iter()
                        .map(|&k| token_type_name(k).to_string())
                        .collect(),
                    token_modifiers: Vec::new(),
                },
                range: None,
                full: Some(Full::Bool(true)),
                ..Default::default()
            },
        )),
        ..Default::default()
    }
}
