//! A minimal LSP client over an in-memory connection, for the protocol tests, the robustness
//! test and the latency benchmark.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use fdl_lsp::Connection;
use lsp_server::{Message, Notification, Request, RequestId, Response, ResponseError};
use serde_json::{Value, json};

/// How long to wait for any one answer before the test fails (generous: debug builds on a
/// shared machine).
pub const TIMEOUT: Duration = Duration::from_secs(60);

pub struct Client {
    pub conn: Connection,
    next_id: i32,
    server: Option<JoinHandle<Result<(), String>>>,
    /// Notifications and server requests received while waiting for something else.
    pub inbox: VecDeque<Message>,
    /// The answer to `initialize`.
    pub init: Value,
}

/// Client capabilities like those of an editor that supports everything the server offers.
pub fn full_capabilities() -> Value {
    json!({
        "textDocument": {
            "completion": { "completionItem": {
                "snippetSupport": true,
                "documentationFormat": ["markdown", "plaintext"]
            } },
            "hover": { "contentFormat": ["markdown", "plaintext"] },
            "definition": { "linkSupport": true },
            "documentSymbol": { "hierarchicalDocumentSymbolSupport": true },
            "rename": { "prepareSupport": true },
            "codeAction": { "codeActionLiteralSupport": {
                "codeActionKind": { "valueSet": ["quickfix", "refactor"] }
            } },
            "publishDiagnostics": { "relatedInformation": true, "versionSupport": true }
        },
        "workspace": { "workspaceEdit": { "documentChanges": true } }
    })
}

impl Client {
    /// Starts a server on its own thread and initializes it with these capabilities.
    pub fn start(capabilities: Value) -> Client {
        Client::start_with(capabilities, Value::Null)
    }

    /// Starts a server as `start` does, with these `initializationOptions`.
    pub fn start_with(capabilities: Value, initialization_options: Value) -> Client {
        let (server_side, client_side) = Connection::memory();
        // A default-sized thread stack: `serve` runs the server on threads of its own.
        let server = std::thread::spawn(move || fdl_lsp::serve(server_side));
        let mut client = Client {
            conn: client_side,
            next_id: 0,
            server: Some(server),
            inbox: VecDeque::new(),
            init: Value::Null,
        };
        let init = client
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": null,
                    "capabilities": capabilities,
                    "initializationOptions": initialization_options,
                }),
            )
            .expect("initialize must succeed");
        client.init = init;
        client.notify("initialized", json!({}));
        client
    }

    pub fn notify(&self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Notification::new(method.to_string(), params).into())
            .unwrap();
    }

    /// Sends a request without waiting; returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> RequestId {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.conn
            .sender
            .send(Request::new(id.clone(), method.to_string(), params).into())
            .unwrap();
        id
    }

    /// Waits for the answer to request `id`, keeping everything else in the inbox.
    pub fn response(&mut self, id: &RequestId) -> Result<Value, ResponseError> {
        if let Some(i) = self
            .inbox
            .iter()
            .position(|m| matches!(m, Message::Response(r) if &r.id == id))
        {
            let Some(Message::Response(r)) = self.inbox.remove(i) else {
                unreachable!()
            };
            return r.response_result;
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.conn.receiver.recv_timeout(left) {
                Ok(Message::Response(Response {
                    id: got,
                    response_result,
                })) if &got == id => return response_result,
                Ok(m) => self.inbox.push_back(m),
                Err(e) => panic!("no answer to request {id}: {e}"),
            }
        }
    }

    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, ResponseError> {
        let id = self.send_request(method, params);
        self.response(&id)
    }

    /// Waits for a notification matching `pred`, keeping everything else in the inbox.
    pub fn wait_notification(
        &mut self,
        what: &str,
        mut pred: impl FnMut(&Notification) -> bool,
    ) -> Notification {
        if let Some(i) = self
            .inbox
            .iter()
            .position(|m| matches!(m, Message::Notification(n) if pred(n)))
        {
            let Some(Message::Notification(n)) = self.inbox.remove(i) else {
                unreachable!()
            };
            return n;
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.conn.receiver.recv_timeout(left) {
                Ok(Message::Notification(n)) if pred(&n) => return n,
                Ok(m) => self.inbox.push_back(m),
                Err(e) => panic!("waited in vain for {what}: {e}"),
            }
        }
    }

    /// Waits for the diagnostics of `uri` at `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i32) -> Vec<Value> {
        let n = self.wait_notification(&format!("diagnostics of {uri} v{version}"), |n| {
            n.method == "textDocument/publishDiagnostics"
                && n.params["uri"] == uri
                && n.params["version"] == version
        });
        n.params["diagnostics"].as_array().unwrap().clone()
    }

    /// Every diagnostics notification received so far (in the inbox), in order, removed.
    pub fn take_published(&mut self) -> Vec<Value> {
        let mut out = Vec::new();
        self.inbox.retain(|m| match m {
            Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
                out.push(n.params.clone());
                false
            }
            _ => true,
        });
        out
    }

    pub fn open(&self, uri: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri, "languageId": "yaml", "version": version, "text": text
            } }),
        );
    }

    /// One incremental change: replace the range (LSP line/character) with `text`.
    pub fn change(&self, uri: &str, version: i32, range: [u32; 4], text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "range": range_json(range), "text": text }]
            }),
        );
    }

    pub fn close(&self, uri: &str) {
        self.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        );
    }

    /// `shutdown` then `exit`; returns what the server's `serve` returned.
    pub fn shutdown(mut self) -> Result<(), String> {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r.unwrap(), Value::Null);
        self.exit()
    }

    /// `exit` (with or without `shutdown` before); returns what `serve` returned.
    pub fn exit(mut self) -> Result<(), String> {
        self.notify("exit", Value::Null);
        self.server
            .take()
            .unwrap()
            .join()
            .expect("the server thread panicked")
    }
}

pub fn range_json([l1, c1, l2, c2]: [u32; 4]) -> Value {
    json!({ "start": { "line": l1, "character": c1 }, "end": { "line": l2, "character": c2 } })
}

pub fn position_json(line: u32, character: u32) -> Value {
    json!({ "line": line, "character": character })
}

/// The LSP position (UTF-16) of a byte offset in `text`.
pub fn utf16_position(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].encode_utf16().count() as u32;
    (line, col)
}

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every fixture flow, sorted, as (path relative to `fixtures/`, text).
pub fn fixtures() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                out.push(path);
            }
        }
    }
    let root = workspace_root().join("fixtures");
    let mut paths = Vec::new();
    walk(&root, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            let name = p.strip_prefix(&root).unwrap().display().to_string();
            Some((name, text))
        })
        .collect()
}
