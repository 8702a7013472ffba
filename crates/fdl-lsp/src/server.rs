//! The message loop: lifecycle, the queue of received messages, cancellation, document
//! synchronisation, and hand-over of changed documents to the diagnostics thread.
//!
//! Messages are handled one at a time, in the order received, so a request always sees the
//! document as the client had it when it sent the request. A separate thread reads the
//! connection into a local queue; looking ahead in that queue lets the loop answer a request
//! that a later `$/cancelRequest` cancels with RequestCanceled, answer an edit-producing request
//! made stale by a later change with ContentModified, and check a document once after a burst
//! of changes instead of once per change.

use std::collections::{HashMap, VecDeque};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;
use std::thread;

use gen_lsp_types::{
    DidChangeTextDocumentParams, DidChangeWatchedFilesRegistrationOptions,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, FileSystemWatcher, GlobPattern,
    InitializeResult, MessageType, Registration, RegistrationParams, ServerInfo, ShowMessageParams,
};
use lsp_server::{
    Connection, ErrorCode, Message, Notification, Request, RequestId, Response, ResponseError,
};
use serde_json::Value;

use crate::caps::{self, ClientCaps};
use crate::convert::Encoding;
use crate::diagnostics::{self, Job, Outbox, Shared};
use crate::document::Document;
use crate::settings::SettingsCache;

/// Requests whose answer is a set of edits: applied to a newer text than the one they were
/// computed for, they would corrupt it.
const EDITING_REQUESTS: &[&str] = &[
    "textDocument/rename",
    "textDocument/formatting",
    "textDocument/rangeFormatting",
    "textDocument/codeAction",
];

pub struct Server {
    pub client: ClientCaps,
    pub encoding: Encoding,
    pub docs: HashMap<String, Document>,
    pub settings: SettingsCache,
    sender: Outbox,
    shared: Shared,
    jobs: Option<mpsc::Sender<Job>>,
    /// Takes what is no longer needed (the analysis of a past version, a closed document) to
    /// a thread that drops it: freeing the tree of a large flow takes milliseconds.
    garbage: mpsc::Sender<Box<dyn Send>>,
    /// Documents changed since they were last handed to the diagnostics thread, in order.
    dirty: Vec<String>,
}

/// Stack size of the server's threads: parsing and checking recurse over the document's
/// nesting, which the parser caps, but deeper than a default thread stack allows.
const STACK_SIZE: usize = 16 << 20;

/// Runs the server on a connection until the client sends `exit`. `Ok` when `shutdown` came
/// first, as the protocol asks; `Err` says what went wrong otherwise.
pub fn serve(connection: Connection) -> Result<(), String> {
    thread::Builder::new()
        .name("fdl-lsp".to_string())
        .stack_size(STACK_SIZE)
        .spawn(move || serve_here(connection))
        .map_err(|e| format!("cannot start a thread: {e}"))?
        .join()
        .unwrap_or_else(|_| Err("the server stopped on an internal error".to_string()))
}

fn serve_here(connection: Connection) -> Result<(), String> {
    let (tx, incoming) = mpsc::channel();
    let source = connection.receiver.clone();
    thread::Builder::new()
        .name("fdl-lsp-intake".to_string())
        .spawn(move || {
            while let Ok(message) = source.recv() {
                if tx.send(message).is_err() {
                    break;
                }
            }
        })
        .map_err(|e| format!("cannot start a thread: {e}"))?;
    let out = connection.sender.clone();
    let sender: Outbox = Box::new(move |m| {
        // The client is gone: nothing to tell it, and the loop ends on its own.
        let _ = out.send(m);
    });
    let mut queue = Queue {
        incoming,
        pending: VecDeque::new(),
    };

    // Before `initialize`: requests are refused, notifications dropped, `exit` ends.
    let (id, params) = loop {
        match queue.next()? {
            Message::Request(req) if req.method == "initialize" => break (req.id, req.params),
            Message::Request(req) => sender(
                Response::new_err(
                    req.id,
                    ErrorCode::ServerNotInitialized as i32,
                    "the server is not initialized yet: send `initialize` first".to_string(),
                )
                .into(),
            ),
            Message::Notification(n) if n.method == "exit" => {
                return Err("the client sent `exit` before `initialize`".to_string());
            }
            Message::Notification(_) | Message::Response(_) => {}
        }
    };
    let client = ClientCaps::from_initialize(&params);
    let result = InitializeResult {
        capabilities: caps::server_capabilities(&client),
        server_info: Some(ServerInfo {
            name: "fdl".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    };
    sender(Response::new_ok(id, result).into());

    let shared = Shared::default();
    let (jobs, job_queue) = mpsc::channel();
    let worker = {
        let shared = shared.clone();
        let out = connection.sender.clone();
        let send: Outbox = Box::new(move |m| {
            let _ = out.send(m);
        });
        thread::Builder::new()
            .name("fdl-lsp-diagnostics".to_string())
            .stack_size(STACK_SIZE)
            .spawn(move || diagnostics::run(job_queue, shared, send))
            .map_err(|e| format!("cannot start a thread: {e}"))?
    };
    let (garbage, bin) = mpsc::channel::<Box<dyn Send>>();
    thread::Builder::new()
        .name("fdl-lsp-dropper".to_string())
        .spawn(move || bin.into_iter().for_each(drop))
        .map_err(|e| format!("cannot start a thread: {e}"))?;
    let mut server = Server {
        encoding: client.encoding(),
        client,
        docs: HashMap::new(),
        settings: SettingsCache::default(),
        sender,
        shared,
        jobs: Some(jobs),
        garbage,
        dirty: Vec::new(),
    };
    if let Some(rules) = editor_rules(&params["initializationOptions"]) {
        server.set_editor_rules(rules);
    }
    let result = server.main_loop(&mut queue);
    // Stop the diagnostics thread before returning, so that its copy of the connection's
    // sender is gone when the caller waits for the output to drain.
    server.jobs = None;
    let _ = worker.join();
    result
}

struct Queue {
    incoming: mpsc::Receiver<Message>,
    /// Received but not handled yet, in order.
    pending: VecDeque<Message>,
}

impl Queue {
    /// Moves everything already received into `pending`, without waiting.
    fn fill(&mut self) {
        self.pending.extend(self.incoming.try_iter());
    }

    fn next(&mut self) -> Result<Message, String> {
        if let Some(m) = self.pending.pop_front() {
            return Ok(m);
        }
        self.incoming
            .recv()
            .map_err(|_| "the client closed the connection without `exit`".to_string())
    }

    /// Whether a `$/cancelRequest` for `id` waits further down the queue.
    fn cancels(&self, id: &RequestId) -> bool {
        self.pending.iter().any(|m| match m {
            Message::Notification(n) if n.method == "$/cancelRequest" => {
                serde_json::from_value::<RequestId>(n.params["id"].clone())
                    .ok()
                    .as_ref()
                    == Some(id)
            }
            _ => false,
        })
    }

    /// Whether a change to (or the closing of) the document `uri` waits further down.
    fn changes(&self, uri: &str) -> bool {
        self.pending.iter().any(|m| match m {
            Message::Notification(n)
                if n.method == "textDocument/didChange" || n.method == "textDocument/didClose" =>
            {
                n.params["textDocument"]["uri"].as_str() == Some(uri)
            }
            _ => false,
        })
    }

    fn next_is_change(&self) -> bool {
        matches!(self.pending.front(),
            Some(Message::Notification(n)) if n.method == "textDocument/didChange")
    }
}

impl Server {
    fn main_loop(&mut self, queue: &mut Queue) -> Result<(), String> {
        let mut shut_down = false;
        loop {
            queue.fill();
            if !self.dirty.is_empty() && !queue.next_is_change() {
                self.flush();
            }
            match queue.next()? {
                Message::Request(req) => {
                    if shut_down {
                        self.reply_err(
                            req.id,
                            ErrorCode::InvalidRequest,
                            "the server is shutting down: only `exit` is accepted now".to_string(),
                        );
                    } else if req.method == "shutdown" {
                        shut_down = true;
                        self.send(Response::new_ok(req.id, ()).into());
                    } else if req.method == "initialize" {
                        self.reply_err(
                            req.id,
                            ErrorCode::InvalidRequest,
                            "the server is already initialized".to_string(),
                        );
                    } else if queue.cancels(&req.id) {
                        self.reply_err(
                            req.id,
                            ErrorCode::RequestCanceled,
                            "cancelled by the client".to_string(),
                        );
                    } else if EDITING_REQUESTS.contains(&req.method.as_str())
                        && req.params["textDocument"]["uri"]
                            .as_str()
                            .is_some_and(|uri| queue.changes(uri))
                    {
                        self.reply_err(
                            req.id,
                            ErrorCode::ContentModified,
                            "the document changed after this request was made".to_string(),
                        );
                    } else {
                        let response = self.request(req);
                        self.send(response.into());
                    }
                }
                Message::Notification(n) if n.method == "exit" => {
                    return if shut_down {
                        Ok(())
                    } else {
                        Err("the client sent `exit` without `shutdown` first".to_string())
                    };
                }
                Message::Notification(n) if !shut_down => self.notification(n),
                Message::Notification(_) | Message::Response(_) => {}
            }
        }
    }

    pub fn send(&self, message: Message) {
        (self.sender)(message);
    }

    fn reply_err(&self, id: RequestId, code: ErrorCode, message: String) {
        self.send(Response::new_err(id, code as i32, message).into());
    }

    pub fn show_message(&self, kind: MessageType, message: String) {
        let params = ShowMessageParams { kind, message };
        self.send(Notification::new("window/showMessage".to_string(), params).into());
    }

    fn request(&mut self, req: Request) -> Response {
        let id = req.id.clone();
        let method = req.method.clone();
        guarded(id, &method, || crate::handlers::dispatch(self, req))
    }

    fn notification(&mut self, n: Notification) {
        let method = n.method.clone();
        let result = catch_unwind(AssertUnwindSafe(|| match n.method.as_str() {
            "initialized" => {
                if self.client.watched_files_registration {
                    self.watch_config_files();
                }
                Ok(())
            }
            "textDocument/didOpen" => {
                let p: DidOpenTextDocumentParams = parse(n.params)?;
                let uri = p.text_document.uri.0;
                let doc = Document::new(p.text_document.text, p.text_document.version);
                if doc.too_large() {
                    self.tell_too_large(&uri);
                }
                if let Some(old) = self.docs.insert(uri.clone(), doc) {
                    let _ = self.garbage.send(Box::new(old));
                }
                diagnostics::lock(&self.shared).set_version(&uri, p.text_document.version);
                self.settings_changed_for(&uri);
                self.mark_dirty(uri);
                Ok(())
            }
            "textDocument/didChange" => {
                let p: DidChangeTextDocumentParams = parse(n.params)?;
                let uri = p.text_document.text_document_identifier.uri.0;
                let version = p.text_document.version;
                let Some(doc) = self.docs.get_mut(&uri) else {
                    return Err(format!("a change to {uri}, which is not open"));
                };
                let was_too_large = doc.too_large();
                let old = doc.apply(p.content_changes, version, self.encoding);
                let now_too_large = doc.too_large();
                let _ = self.garbage.send(Box::new(old));
                if now_too_large && !was_too_large {
                    self.tell_too_large(&uri);
                }
                diagnostics::lock(&self.shared).set_version(&uri, version);
                self.mark_dirty(uri);
                Ok(())
            }
            "textDocument/didClose" => {
                let p: DidCloseTextDocumentParams = parse(n.params)?;
                let uri = p.text_document.uri.0;
                if let Some(doc) = self.docs.remove(&uri) {
                    let _ = self.garbage.send(Box::new(doc));
                }
                self.settings.forget(&uri);
                self.dirty.retain(|d| *d != uri);
                diagnostics::lock(&self.shared).close(&uri, &self.sender);
                Ok(())
            }
            "workspace/didChangeWatchedFiles" => {
                self.settings.clear();
                self.refresh_settings();
                Ok(())
            }
            "workspace/didChangeConfiguration" => {
                if let Some(rules) = editor_rules(&n.params["settings"]) {
                    self.set_editor_rules(rules);
                }
                Ok(())
            }
            _ => Ok(()),
        }));
        match result {
            Ok(Ok(())) => {}
            Ok(Err(message)) => eprintln!("fdl lsp: ignored {method}: {message}"),
            Err(panic) => eprintln!(
                "fdl lsp: internal error while handling {method}: {}",
                panic_message(&panic)
            ),
        }
    }

    /// Asks the client to say when an `fdl.toml` changes, so that rule levels and formatter
    /// settings follow it.
    fn watch_config_files(&self) {
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::Pattern(format!("**/{}", fdl_check::config::FILE_NAME)),
                kind: None,
            }],
        };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "fdl-config-files".to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        let id = RequestId::from("fdl-register-config-watch".to_string());
        self.send(Request::new(id, "client/registerCapability".to_string(), params).into());
    }

    /// Says why a document gets nothing from fdl: it is larger than fdl reads.
    fn tell_too_large(&self, uri: &str) {
        self.show_message(
            MessageType::Info,
            format!("fdl: {uri} is not checked: {}", fdl_check::TOO_LARGE),
        );
    }

    /// Takes the editor's `fdl.rules` (shown to the user when some entries are not understood)
    /// and checks again the documents they change.
    fn set_editor_rules(&mut self, rules: &Value) {
        let (changed, problem) = self.settings.set_editor_rules(rules);
        if let Some(problem) = problem {
            self.show_message(MessageType::Warning, problem);
        }
        if changed {
            self.refresh_settings();
        }
    }

    /// Looks every open document's settings up again, and checks again those that changed.
    fn refresh_settings(&mut self) {
        let uris: Vec<String> = self.docs.keys().cloned().collect();
        for uri in uris {
            if self.settings_changed_for(&uri) {
                self.mark_dirty(uri);
            }
        }
    }

    /// Looks the document's settings up again; shows a broken `fdl.toml` to the user (once
    /// per file). Whether the settings differ from what the document was checked with.
    fn settings_changed_for(&mut self, uri: &str) -> bool {
        let (changed, problem) = self.settings.refresh(uri);
        if let Some(problem) = problem {
            self.show_message(MessageType::Warning, problem);
        }
        changed
    }

    fn mark_dirty(&mut self, uri: String) {
        if !self.dirty.contains(&uri) {
            self.dirty.push(uri);
        }
    }

    /// Hands every changed document to the diagnostics thread.
    fn flush(&mut self) {
        let Some(jobs) = &self.jobs else { return };
        for uri in std::mem::take(&mut self.dirty) {
            let Some(doc) = self.docs.get(&uri) else {
                continue;
            };
            let settings = self.settings.get(&uri);
            let job = Job {
                version: doc.version,
                text: doc.text().to_string(),
                analysis: doc.shared_analysis(),
                index: doc.shared_index(),
                levels: settings.levels.clone(),
                checked: settings.checked && !doc.too_large(),
                encoding: self.encoding,
                uri,
            };
            let _ = jobs.send(job);
        }
    }
}

/// The editor's rule levels in the initialization options or a configuration change:
/// `{"fdl": {"rules": {...}}}` (what VS Code sends for the `fdl` section) or `{"rules": {...}}`.
/// `None` when the settings do not speak of fdl's rules, so other sections leave them alone.
fn editor_rules(settings: &Value) -> Option<&Value> {
    match settings.get("fdl") {
        Some(fdl) => Some(fdl.get("rules").unwrap_or(&Value::Null)),
        None => settings.get("rules"),
    }
}

/// Answers request `id` with what `f` returns; a panic in `f` becomes an InternalError answer
/// (and a line on stderr), so one bad request never takes the server down.
fn guarded(
    id: RequestId,
    method: &str,
    f: impl FnOnce() -> Result<Value, ResponseError>,
) -> Response {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(value)) => Response::new_ok(id, value),
        Ok(Err(error)) => Response {
            id,
            response_result: Err(error),
        },
        Err(panic) => {
            let what = panic_message(&panic);
            eprintln!("fdl lsp: internal error while answering {method}: {what}");
            Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                format!("internal error in fdl while answering {method}: {what}"),
            )
        }
    }
}

pub fn parse<T: serde::de::DeserializeOwned>(params: Value) -> Result<T, String> {
    serde_json::from_value(params).map_err(|e| format!("unexpected parameters: {e}"))
}

pub fn invalid_params(message: String) -> ResponseError {
    ResponseError {
        code: ErrorCode::InvalidParams as i32,
        message,
        data: None,
    }
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_handler_gets_an_internal_error_answer() {
        let r = guarded(7.into(), "textDocument/hover", || {
            panic!("index out of bounds")
        });
        let e = r.response_result.unwrap_err();
        assert_eq!(e.code, ErrorCode::InternalError as i32);
        assert_eq!(
            e.message,
            "internal error in fdl while answering textDocument/hover: index out of bounds"
        );
        let r = guarded(8.into(), "x", || Ok(Value::Bool(true)));
        assert_eq!(r.response_result.unwrap(), Value::Bool(true));
    }
}
