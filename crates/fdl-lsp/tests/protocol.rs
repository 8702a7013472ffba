//! The server over an in-memory connection: lifecycle, synchronisation, diagnostics,
//! cancellation, configuration and every feature's protocol side.

mod support;

use serde_json::{Value, json};
use support::{Client, full_capabilities, position_json, range_json, utf16_position};

const CODE_NOT_INITIALIZED: i32 = -32002;
const CODE_INVALID_REQUEST: i32 = -32600;
const CODE_METHOD_NOT_FOUND: i32 = -32601;
const CODE_INVALID_PARAMS: i32 = -32602;
const CODE_REQUEST_CANCELLED: i32 = -32800;
const CODE_CONTENT_MODIFIED: i32 = -32801;
const CODE_REQUEST_FAILED: i32 = -32803;

/// A flow with a Chinese step name, a typo in a `goto` and a task with an unknown key.
const FLOW: &str = "\
version: v1
type: flow
steps:
  - type: pass
    name: 开始
  - type: choice
    name: 选择
    choices:
      - condition: $.n > 1
        goto: 结束
    default:
      goto: 结束
  - type: pass
    name: 结束
";

fn text_document(uri: &str) -> Value {
    json!({ "uri": uri })
}

fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({ "textDocument": text_document(uri), "position": position_json(line, character) })
}

/// The diagnostics `fdl check` gives for `text`, as (code, severity, [l1, c1, l2, c2]) with
/// UTF-16 columns.
fn expected(text: &str) -> Vec<(String, u64, [u32; 4])> {
    fdl_check::check_source(text)
        .into_iter()
        .map(|d| {
            let (l1, c1) = utf16_position(text, d.span.start);
            let (l2, c2) = utf16_position(text, d.span.end);
            let severity = match d.severity {
                fdl_check::Severity::Error => 1,
                fdl_check::Severity::Warning => 2,
                fdl_check::Severity::Hint => 4,
            };
            (d.code.to_string(), severity, [l1, c1, l2, c2])
        })
        .collect()
}

fn got(diagnostics: &[Value]) -> Vec<(String, u64, [u32; 4])> {
    diagnostics
        .iter()
        .map(|d| {
            assert_eq!(d["source"], "fdl");
            let r = &d["range"];
            let n = |v: &Value| v.as_u64().unwrap() as u32;
            (
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_u64().unwrap(),
                [
                    n(&r["start"]["line"]),
                    n(&r["start"]["character"]),
                    n(&r["end"]["line"]),
                    n(&r["end"]["character"]),
                ],
            )
        })
        .collect()
}

#[test]
fn lifecycle_and_capabilities() {
    // Before `initialize`, requests are refused.
    let (server_side, client_side) = fdl_lsp::Connection::memory();
    let server = std::thread::spawn(move || fdl_lsp::serve(server_side));
    client_side
        .sender
        .send(lsp_server::Request::new(1.into(), "textDocument/hover".into(), json!({})).into())
        .unwrap();
    match client_side.receiver.recv().unwrap() {
        lsp_server::Message::Response(r) => {
            assert_eq!(r.response_result.unwrap_err().code, CODE_NOT_INITIALIZED)
        }
        m => panic!("unexpected {m:?}"),
    }
    client_side
        .sender
        .send(lsp_server::Notification::new("exit".into(), Value::Null).into())
        .unwrap();
    assert!(server.join().unwrap().is_err());

    let mut client = Client::start(full_capabilities());
    let caps = &client.init["capabilities"];
    assert_eq!(client.init["serverInfo"]["name"], "fdl");
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert_eq!(caps["renameProvider"]["prepareProvider"], true);
    assert_eq!(
        caps["semanticTokensProvider"]["legend"]["tokenTypes"],
        json!([
            "variable", "property", "operator", "number", "string", "keyword"
        ])
    );
    assert_eq!(caps["semanticTokensProvider"]["full"], true);
    assert_eq!(
        caps["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "refactor"])
    );
    for provider in [
        "completionProvider",
        "hoverProvider",
        "definitionProvider",
        "referencesProvider",
        "documentSymbolProvider",
        "foldingRangeProvider",
        "selectionRangeProvider",
        "documentFormattingProvider",
        "documentRangeFormattingProvider",
    ] {
        assert!(!caps[provider].is_null(), "{provider} missing");
    }
    let e = client.request("initialize", json!({ "capabilities": {} }));
    assert_eq!(e.unwrap_err().code, CODE_INVALID_REQUEST);
    let e = client.request("textDocument/unheardOf", json!({}));
    assert_eq!(e.unwrap_err().code, CODE_METHOD_NOT_FOUND);
    // The client asks for... nothing: the server still answers what it understands.
    assert_eq!(
        client.request("shutdown", Value::Null).unwrap(),
        Value::Null
    );
    let e = client.request("textDocument/hover", at("file:///x.yaml", 0, 0));
    assert_eq!(e.unwrap_err().code, CODE_INVALID_REQUEST);
    assert_eq!(client.exit(), Ok(()));

    // `exit` without `shutdown`: an error (exit status 1 for `fdl lsp`).
    let client = Client::start(json!({}));
    assert!(client.exit().is_err());
}

#[test]
fn capabilities_follow_the_client() {
    let mut client =
        Client::start(json!({ "general": { "positionEncodings": ["utf-32", "utf-8", "utf-16"] } }));
    let caps = &client.init["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-8");
    // No prepareRename support announced: a plain rename provider. No code action literals:
    // no code actions.
    assert_eq!(caps["renameProvider"], true);
    assert!(caps.get("codeActionProvider").is_none());
    // No snippet support: snippets arrive as the plain text they would insert; no markdown
    // announced: documentation is plain text.
    let uri = "file:///new.yaml";
    client.open(uri, 1, "");
    let c = client
        .request("textDocument/completion", at(uri, 0, 0))
        .unwrap();
    let items = c["items"].as_array().unwrap();
    assert!(!items.is_empty());
    for item in items {
        assert_eq!(item["insertTextFormat"], 1, "{item:#}");
        let text = item["textEdit"]["newText"].as_str().unwrap();
        assert!(!text.contains("${") && !text.contains("$0"), "{text}");
        if let Some(doc) = item.get("documentation") {
            assert_eq!(doc["kind"], "plaintext");
        }
    }
    assert_eq!(client.shutdown(), Ok(()));
}

#[test]
fn diagnostics_are_those_of_fdl_check_for_every_fixture() {
    let mut client = Client::start(full_capabilities());
    let fixtures = support::fixtures();
    assert!(fixtures.len() > 100, "fixtures not found");
    for (i, (_, text)) in fixtures.iter().enumerate() {
        client.open(&format!("file:///fixtures/{i}.yaml"), 1, text);
    }
    // A last flow, checked after every other: once its diagnostics are in, all are.
    client.open("file:///fixtures/last.yaml", 1, FLOW);
    client.diagnostics("file:///fixtures/last.yaml", 1);
    let mut flows = 0;
    for (i, (name, text)) in fixtures.iter().enumerate() {
        let uri = format!("file:///fixtures/{i}.yaml");
        if fdl_check::looks_like_flow(text) {
            flows += 1;
            let diagnostics = client.diagnostics(&uri, 1);
            assert_eq!(got(&diagnostics), expected(text), "{name}");
        }
    }
    assert!(flows > 100);
    // Files that are not flows are left alone: nothing published for them.
    let published = client.take_published();
    assert!(
        published.is_empty(),
        "published for non-flows: {published:#?}"
    );
    assert_eq!(client.shutdown(), Ok(()));
}

#[test]
fn incremental_edits_after_cjk_text_update_diagnostics() {
    let uri = "file:///tmp/choice.yaml";
    let mut client = Client::start(full_capabilities());
    client.open(uri, 1, FLOW);
    assert_eq!(client.diagnostics(uri, 1), Vec::<Value>::new());
    // Line 9 is `        goto: 结束`: insert `x` after `结` (UTF-16 column 15), making the
    // target unknown; the range is in UTF-16 units, read after the CJK characters.
    client.change(uri, 2, [9, 15, 9, 15], "x");
    let text2 = FLOW.replacen("goto: 结束\n    default", "goto: 结x束\n    default", 1);
    let d = client.diagnostics(uri, 2);
    assert_eq!(got(&d), expected(&text2));
    assert!(
        got(&d).iter().any(|(code, _, _)| code == "FDL201"),
        "{d:#?}"
    );
    // Two changes in one notification, the second read against the first's result: remove
    // the `x` again, then rename the step `开始` to `起点` (line 4, columns 10..12).
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 3 },
            "contentChanges": [
                { "range": range_json([9, 15, 9, 16]), "text": "" },
                { "range": range_json([4, 10, 4, 12]), "text": "起点" }
            ]
        }),
    );
    let text3 = FLOW.replacen("开始", "起点", 1);
    assert_eq!(got(&client.diagnostics(uri, 3)), expected(&text3));
    // A whole-document change.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 4 },
            "contentChanges": [{ "text": "version: v1\ntype: flow\nsteps: []\nbogus: 1\n" }]
        }),
    );
    let d = client.diagnostics(uri, 4);
    assert_eq!(
        got(&d),
        expected("version: v1\ntype: flow\nsteps: []\nbogus: 1\n")
    );
    assert!(!d.is_empty());
    // Closing clears them.
    client.close(uri);
    let n = client.wait_notification("cleared diagnostics", |n| {
        n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri
    });
    assert_eq!(n.params["diagnostics"], json!([]));
    assert_eq!(client.shutdown(), Ok(()));
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let uri = "file:///tmp/utf8.yaml";
    let mut client = Client::start(json!({ "general": { "positionEncodings": ["utf-8"] } }));
    client.open(uri, 1, FLOW);
    client.diagnostics(uri, 1);
    // `        goto: 结束` in bytes: `结` is bytes 14..17, so after it is column 17.
    client.change(uri, 2, [9, 17, 9, 17], "x");
    let text2 = FLOW.replacen("goto: 结束\n    default", "goto: 结x束\n    default", 1);
    let d = client.diagnostics(uri, 2);
    let fdl201 = fdl_check::check_source(&text2)
        .into_iter()
        .find(|d| d.code == "FDL201")
        .expect("the typo is reported");
    let line_start = text2[..fdl201.span.start].rfind('\n').unwrap() + 1;
    let expected_col = (fdl201.span.start - line_start) as u64;
    let reported = d.iter().find(|d| d["code"] == "FDL201").unwrap();
    assert_eq!(reported["range"]["start"]["character"], expected_col);
    assert_eq!(client.shutdown(), Ok(()));
}

#[test]
fn documents_that_are_not_flows_are_left_alone() {
    let mut client = Client::start(full_capabilities());
    let k8s = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n";
    let texts = [
        ("file:///k8s.yaml", k8s),
        (
            "file:///garbage.yaml",
            "\u{0}\u{1}{{{[[[ ::: \"unclosed\n\t\ttabs: 'x\n",
        ),
        ("file:///empty.yaml", ""),
    ];
    for (uri, text) in texts {
        client.open(uri, 1, text);
    }
    for (uri, _) in texts {
        for (method, params) in [
            ("textDocument/hover", at(uri, 1, 2)),
            ("textDocument/definition", at(uri, 1, 2)),
            (
                "textDocument/documentSymbol",
                json!({ "textDocument": text_document(uri) }),
            ),
            (
                "textDocument/semanticTokens/full",
                json!({ "textDocument": text_document(uri) }),
            ),
            (
                "textDocument/formatting",
                json!({ "textDocument": text_document(uri), "options": { "tabSize": 2, "insertSpaces": true } }),
            ),
        ] {
            let answer = client.request(method, params);
            assert_eq!(
                answer.map_err(|e| e.message),
                Ok(Value::Null),
                "{method} on {uri}"
            );
        }
    }
    // Completion offers a new flow in an empty document, nothing in other YAML.
    let c = client
        .request("textDocument/completion", at("file:///empty.yaml", 0, 0))
        .unwrap();
    let snippet = c["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| {
            i["insertTextFormat"] == 2
                && i["textEdit"]["newText"]
                    .as_str()
                    .unwrap()
                    .contains("type: flow")
        })
        .expect("a snippet for a new flow");
    assert_eq!(
        snippet["insertTextMode"], 1,
        "multi-line text is inserted as it is"
    );
    assert_eq!(
        client
            .request("textDocument/completion", at("file:///k8s.yaml", 4, 0))
            .unwrap(),
        Value::Null
    );
    // A flow that stops being one has its diagnostics cleared, once.
    let uri = "file:///becomes-k8s.yaml";
    client.open(uri, 1, "version: v1\ntype: flow\nsteps: []\nbogus: 1\n");
    assert!(!client.diagnostics(uri, 1).is_empty());
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "text": k8s }] }),
    );
    assert_eq!(client.diagnostics(uri, 2), Vec::<Value>::new());
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 3 }, "contentChanges": [{ "text": k8s }] }),
    );
    // A flow opened afterwards is checked after the change above: once its diagnostics are
    // in, nothing more was published for the non-flows.
    client.open("file:///sentinel.yaml", 1, FLOW);
    client.diagnostics("file:///sentinel.yaml", 1);
    let published = client.take_published();
    assert!(published.is_empty(), "{published:#?}");
    assert_eq!(client.shutdown(), Ok(()));
}

#[test]
fn a_burst_of_changes_ends_with_the_diagnostics_of_the_last_version() {
    let uri = "file:///burst.yaml";
    let mut client = Client::start(full_capabilities());
    let mut text = "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n".to_string();
    client.open(uri, 1, &text);
    // Type `    bogus: 1` at the end, one character per change.
    let typed = "    bogus: 1\n";
    for (i, c) in typed.chars().enumerate() {
        let line = 5;
        let col = i as u32;
        client.change(uri, 2 + i as i32, [line, col, line, col], &c.to_string());
        text.push(c);
    }
    let last = 1 + typed.chars().count() as i32;
    let d = client.diagnostics(uri, last);
    assert_eq!(got(&d), expected(&text));
    // Every version published is newer than the one before, none after the last.
    let mut versions: Vec<i64> = client
        .take_published()
        .iter()
        .map(|p| p["version"].as_i64().unwrap())
        .collect();
    versions.push(last as i64);
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
    assert_eq!(client.shutdown(), Ok(()));
}

/// A document the server needs a while to analyse, so that requests sent right behind a
/// request on it are still queued when their cancellation or a change arrives.
fn big_flow() -> String {
    fdl_bench::flow_with_steps(7, 2000)
}

#[test]
fn a_cancelled_request_is_answered_with_request_cancelled() {
    let mut client = Client::start(full_capabilities());
    let big = "file:///big.yaml";
    client.open(big, 1, &big_flow());
    let slow = client.send_request(
        "textDocument/documentSymbol",
        json!({ "textDocument": text_document(big) }),
    );
    let cancelled = client.send_request("textDocument/hover", at(big, 3, 4));
    client.notify("$/cancelRequest", json!({ "id": cancelled }));
    let e = client.response(&cancelled).unwrap_err();
    assert_eq!(e.code, CODE_REQUEST_CANCELLED);
    client.response(&slow).unwrap();
    // A cancellation for a request already answered changes nothing.
    client.notify("$/cancelRequest", json!({ "id": slow }));
    client.request("textDocument/hover", at(big, 3, 4)).unwrap();
    assert_eq!(client.shutdown(), Ok(()));
}

#[test]
fn an_edit_request_made_stale_by_a_change_is_answered_with_content_modified() {
    let mut client = Client::start(full_capabilities());
    let big = "file:///big.yaml";
    client.open(big, 1, &big_flow());
    let slow = client.send_request(
        "textDocument/documentSymbol",
        json!({ "textDocument": text_document(big) }),
    );
    let stale = client.send_request(
        "textDocument/formatting",
        json!({ "textDocument": text_document(big), "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    // Read-only requests are answered for the version they were made for.
    let hover = client.send_request("textDocument/hover", at(big, 3, 4));
    client.change(big, 2, [0, 0, 0, 0], "# a comment\n");
    assert_eq!(
        client.response(&stale).unwrap_err().code,
        CODE_CONTENT_MODIFIED
    );
    client.response(&slow).unwrap();
    client.response(&hover).unwrap();
    assert_eq!(client.shutdown(), Ok(()));
}

#[test]
fn bad_requests_get_errors_and_the_server_goes_on() {
    let mut client = Client::start(full_capabilities());
    let e = client.request("textDocument/hover", at("file:///never-opened.yaml", 0, 0));
    assert_eq!(e.unwrap_err().code, CODE_INVALID_PARAMS);
    let e = client.request("textDocument/hover", json!({ "textDocument": 5 }));
    assert_eq!(e.unwrap_err().code, CODE_INVALID_PARAMS);
    // A change to a document that is not open, or with nonsense parameters, is ignored.
    client.change("file:///never-opened.yaml", 2, [0, 0, 0, 0], "x");
    client.notify("textDocument/didChange", json!({ "nonsense": true }));
    let uri = "file:///ok.yaml";
    client.open(uri, 1, FLOW);
    // Positions far outside the text are clamped.
    client.change(uri, 2, [999, 999, 1999, 0], "\n# end\n");
    assert_eq!(
        got(&client.diagnostics(uri, 2)),
        expected(&format!("{FLOW}\n# end\n"))
    );
    client
        .request("textDocument/hover", at(uri, 999, 999))
        .unwrap();
    client
        .request("textDocument/completion", at(uri, 4, 999))
        .unwrap();
    assert_eq!(client.shutdown(), Ok(()));
}

#[test]
fn settings_come_from_the_nearest_fdl_toml() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("quiet/deeper")).unwrap();
    std::fs::create_dir_all(root.join("broken")).unwrap();
    std::fs::write(
        root.join("quiet/fdl.toml"),
        "[rules]\nunknown-key = \"off\"\n",
    )
    .unwrap();
    std::fs::write(
        root.join("broken/fdl.toml"),
        "[rules]\nno-such-rule = \"off\"\n",
    )
    .unwrap();
    let uri_of = |rel: &str| format!("file://{}/{rel}", root.display());
    let text = "version: v1\ntype: flow\nsteps: []\nbogus: 1\n";
    let mut client = Client::start(full_capabilities());
    client.open(&uri_of("quiet/deeper/a.yaml"), 1, text);
    assert_eq!(
        client.diagnostics(&uri_of("quiet/deeper/a.yaml"), 1),
        Vec::<Value>::new()
    );
    client.open(&uri_of("plain.yaml"), 1, text);
    assert_eq!(
        got(&client.diagnostics(&uri_of("plain.yaml"), 1)),
        expected(text)
    );
    // A broken configuration is shown once, and the defaults are used.
    client.open(&uri_of("broken/b.yaml"), 1, text);
    client.open(&uri_of("broken/c.yaml"), 1, text);
    assert_eq!(
        got(&client.diagnostics(&uri_of("broken/b.yaml"), 1)),
        expected(text)
    );
    assert_eq!(
        got(&client.diagnostics(&uri_of("broken/c.yaml"), 1)),
        expected(text)
    );
    let shown: Vec<_> = client
        .inbox
        .iter()
        .filter(|m| matches!(m, lsp_server::Message::Notification(n) if n.method == "window/showMessage"))
        .collect();
    assert_eq!(shown.len(), 1, "{shown:#?}");
    let lsp_server::Message::Notification(n) = shown[0] else {
        unreachable!()
    };
    let message = n.params["message"].as_str().unwrap();
    assert!(
        message.contains("fdl.toml") && message.contains("no-such-rule"),
        "{message}"
    );
    // The file is fixed; the client says so: the document is checked again with it.
    std::fs::write(root.join("broken/fdl.toml"), "[rules]\nFDL102 = \"off\"\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri_of("broken/fdl.toml"), "type": 2 }] }),
    );
    assert_eq!(
        client.diagnostics(&uri_of("broken/b.yaml"), 1),
        Vec::<Value>::new()
    );
    assert_eq!(client.shutdown(), Ok(()));
}

#[test]
fn rule_levels_from_the_editor_apply_where_no_fdl_toml_does() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("project")).unwrap();
    std::fs::write(root.join("project/fdl.toml"), "[rules]\n").unwrap();
    let uri_of = |rel: &str| format!("file://{}/{rel}", root.display());
    let text = "version: v1\ntype: flow\nsteps: []\nbogus: 1\n";
    let mut client = Client::start_with(
        full_capabilities(),
        json!({ "rules": { "unknown-key": "off" } }),
    );
    client.open(&uri_of("free.yaml"), 1, text);
    client.open(&uri_of("project/governed.yaml"), 1, text);
    assert_eq!(
        client.diagnostics(&uri_of("free.yaml"), 1),
        Vec::<Value>::new()
    );
    // The fdl.toml is used as is, as `fdl check` in CI would use it.
    assert_eq!(
        got(&client.diagnostics(&uri_of("project/governed.yaml"), 1)),
        expected(text)
    );
    // The user changes the setting: the free document is checked again with the new levels,
    // the governed one is left as it was.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "fdl": { "rules": { "unknown-key": "hint", "FDL999": "off" } } } }),
    );
    let again = client.diagnostics(&uri_of("free.yaml"), 1);
    assert_eq!(again.len(), 1, "{again:#?}");
    assert_eq!(again[0]["severity"], 4, "a hint: {again:#?}");
    let shown = client.wait_notification("a message about FDL999", |n| {
        n.method == "window/showMessage"
    });
    let message = shown.params["message"].as_str().unwrap();
    assert!(
        message.contains("`fdl.rules`") && message.contains("FDL999"),
        "{message}"
    );
    // Settings of other extensions leave fdl's alone.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "yaml": { "validate": true } } }),
    );
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "fdl": {} } }),
    );
    assert_eq!(
        got(&client.diagnostics(&uri_of("free.yaml"), 1)),
        expected(text),
        "removing the setting brings the defaults back"
    );
    assert!(
        client.take_published().is_empty(),
        "nothing else was checked again"
    );
    assert_eq!(client.shutdown(), Ok(()));
}

#[test]
fn the_graph_of_a_document_follows_its_versions() {
    let mut client = Client::start(full_capabilities());
    let uri = "file:///graph/flow.yaml";
    let text = "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: first\n  - type: choice\n    name: pick\n    choices:\n      - condition: $.n > 1\n        goto: first\n    default:\n      goto: nowhere\n";
    client.open(uri, 1, text);
    let graph = |client: &mut Client, uri: &str| {
        client
            .request("fdl/graph", json!({ "textDocument": { "uri": uri } }))
            .unwrap()
    };
    let answer = graph(&mut client, uri);
    assert_eq!(answer["uri"], uri);
    assert_eq!(answer["version"], 1);
    assert_eq!(answer["message"], Value::Null);
    let nodes: Vec<&str> = answer["graph"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(nodes, ["start", "steps[0]", "steps[1]", "end"]);
    // The missing goto target is marked on the choice, in the graph and in the drawing.
    let pick = &answer["graph"]["nodes"][2];
    assert_eq!(pick["severity"], "error", "{pick:#}");
    assert!(pick["diagnostics"][0]["code"] == "FDL201", "{pick:#}");
    let svg = answer["svg"].as_str().unwrap();
    assert!(svg.starts_with("<svg") || svg.starts_with("<?xml"), "{svg}");
    assert!(svg.contains(r#"data-id="steps[1]""#), "{svg}");
    assert_eq!(svg.matches("data-id=\"steps[").count(), 2, "{svg}");
    // Ranges in the client's coordinates: each step from its `- ` item to its end.
    assert_eq!(answer["ranges"]["steps[0]"], range_json([3, 4, 4, 15]));
    assert_eq!(answer["ranges"]["steps[1]"]["start"], position_json(5, 4));

    // An edit: the next answer is drawn from the new version.
    client.change(uri, 2, [4, 10, 4, 15], "start");
    let answer = graph(&mut client, uri);
    assert_eq!(answer["version"], 2);
    assert_eq!(answer["graph"]["nodes"][1]["label"], "start");

    // Not a flow, not open: no graph, and why.
    client.open("file:///graph/other.yaml", 1, "name: not a flow\n");
    let other = graph(&mut client, "file:///graph/other.yaml");
    assert_eq!(other["graph"], Value::Null);
    assert!(
        other["message"].as_str().unwrap().contains("not a flow"),
        "{other:#}"
    );
    let closed = graph(&mut client, "file:///graph/closed.yaml");
    assert_eq!(closed["version"], Value::Null);
    assert_eq!(closed["message"], "the document is not open");
    // A flow without a steps list.
    client.open("file:///graph/empty.yaml", 1, "version: v1\ntype: flow\n");
    let empty = graph(&mut client, "file:///graph/empty.yaml");
    assert_eq!(empty["graph"], Value::Null);
    assert!(
        empty["message"].as_str().unwrap().contains("steps"),
        "{empty:#}"
    );
    assert_eq!(client.shutdown(), Ok(()));
}

#[test]
fn the_server_asks_to_watch_configuration_files_when_it_may() {
    let mut caps = full_capabilities();
    caps["workspace"]["didChangeWatchedFiles"] = json!({ "dynamicRegistration": true });
    let mut client = Client::start(caps);
    let deadline = std::time::Instant::now() + support::TIMEOUT;
    let registration = loop {
        if let Some(m) = client.inbox.iter().find_map(|m| match m {
            lsp_server::Message::Request(r) if r.method == "client/registerCapability" => {
                Some(r.clone())
            }
            _ => None,
        }) {
            break m;
        }
        assert!(std::time::Instant::now() < deadline, "no registration");
        let m = client.conn.receiver.recv_timeout(support::TIMEOUT).unwrap();
        client.inbox.push_back(m);
    };
    let r = &registration.params["registrations"][0];
    assert_eq!(r["method"], "workspace/didChangeWatchedFiles");
    assert_eq!(
        r["registerOptions"]["watchers"][0]["globPattern"],
        "**/fdl.toml"
    );
    assert_eq!(client.shutdown(), Ok(()));
}

#[test]
fn completion_hover_and_navigation() {
    let uri = "file:///nav.yaml";
    let mut client = Client::start(full_capabilities());
    client.open(uri, 1, FLOW);
    // A goto target: the cursor in `结束` on line 9 (`        goto: 结束`).
    let c = client
        .request("textDocument/completion", at(uri, 9, 14))
        .unwrap();
    let labels: Vec<&str> = c["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"结束"), "{labels:?}");
    let item = c["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "结束")
        .unwrap();
    assert_eq!(item["textEdit"]["range"]["start"]["line"], 9);
    // Definition of the goto target: the step named `结束` (line 13, `    name: 结束`).
    let d = client
        .request("textDocument/definition", at(uri, 9, 15))
        .unwrap();
    assert_eq!(d[0]["targetUri"], uri);
    assert_eq!(d[0]["targetSelectionRange"]["start"]["line"], 13);
    // References to `结束`: its name and both gotos.
    let r = client
        .request(
            "textDocument/references",
            json!({ "textDocument": text_document(uri), "position": position_json(13, 11), "context": { "includeDeclaration": true } }),
        )
        .unwrap();
    let mut lines: Vec<u64> = r
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    lines.sort();
    assert_eq!(lines, vec![9, 11, 13]);
    // Hover on a key.
    let h = client.request("textDocument/hover", at(uri, 5, 5)).unwrap();
    assert_eq!(h["contents"]["kind"], "markdown");
    assert!(!h["contents"]["value"].as_str().unwrap().is_empty());
    // A key in a step: completion offers the step's fields.
    client.change(uri, 2, [4, 12, 4, 12], "\n    ");
    let c = client
        .request("textDocument/completion", at(uri, 5, 4))
        .unwrap();
    assert!(
        c["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["kind"] == 10),
        "{c:#}"
    );
    assert_eq!(client.shutdown(), Ok(()));
}

#[test]
fn rename_with_prepare() {
    let uri = "file:///rename.yaml";
    let mut client = Client::start(full_capabilities());
    client.open(uri, 1, FLOW);
    let r = client
        .request("textDocument/prepareRename", at(uri, 13, 11))
        .unwrap();
    assert_eq!(r, range_json([13, 10, 13, 12]));
    let e = client
        .request("textDocument/prepareRename", at(uri, 0, 1))
        .unwrap_err();
    assert_eq!(e.code, CODE_REQUEST_FAILED);
    assert!(!e.message.is_empty());
    let mut params = at(uri, 13, 11);
    params["newName"] = json!("完成");
    let edit = client.request("textDocument/rename", params).unwrap();
    let change = &edit["documentChanges"][0];
    assert_eq!(change["textDocument"]["version"], 1);
    let mut lines: Vec<u64> = change["edits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert_eq!(e["newText"], "完成");
            e["range"]["start"]["line"].as_u64().unwrap()
        })
        .collect();
    lines.sort();
    assert_eq!(lines, vec![9, 11, 13]);
    // A name a sibling already has is refused with a reason.
    let mut params = at(uri, 13, 11);
    params["newName"] = json!("开始");
    let e = client.request("textDocument/rename", params).unwrap_err();
    assert_eq!(e.code, CODE_REQUEST_FAILED);
    assert_eq!(client.shutdown(), Ok(()));
}

#[test]
fn symbols_folding_selection_and_tokens() {
    let uri = "file:///outline.yaml";
    let mut client = Client::start(full_capabilities());
    client.open(uri, 1, FLOW);
    let doc = json!({ "textDocument": text_document(uri) });
    let s = client
        .request("textDocument/documentSymbol", doc.clone())
        .unwrap();
    let names = serde_json::to_string(&s).unwrap();
    for step in ["开始", "选择", "结束"] {
        assert!(names.contains(step), "{names}");
    }
    let f = client
        .request("textDocument/foldingRange", doc.clone())
        .unwrap();
    assert!(!f.as_array().unwrap().is_empty());
    for fold in f.as_array().unwrap() {
        assert!(fold["endLine"].as_u64() > fold["startLine"].as_u64());
    }
    let sel = client
        .request(
            "textDocument/selectionRange",
            json!({ "textDocument": text_document(uri), "positions": [position_json(9, 15), position_json(0, 0)] }),
        )
        .unwrap();
    assert_eq!(sel.as_array().unwrap().len(), 2);
    assert!(!sel[0]["parent"].is_null(), "{sel:#}");
    let t = client
        .request("textDocument/semanticTokens/full", doc)
        .unwrap();
    let data = t["data"].as_array().unwrap();
    assert_eq!(data.len() % 5, 0);
    assert!(!data.is_empty(), "the condition `$.n > 1` has tokens");
    assert_eq!(client.shutdown(), Ok(()));
}

#[test]
fn quick_fixes_and_formatting() {
    let uri = "file:///fix.yaml";
    let mut client = Client::start(full_capabilities());
    let text = FLOW.replacen("goto: 结束\n    default", "goto: 结x束\n    default", 1);
    client.open(uri, 1, &text);
    let diagnostics = client.diagnostics(uri, 1);
    let typo = diagnostics
        .iter()
        .find(|d| d["code"] == "FDL201")
        .unwrap()
        .clone();
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": text_document(uri),
                "range": typo["range"],
                "context": {
                    // Diagnostics of other servers, even odd ones, are passed over.
                    "diagnostics": [
                        { "nonsense": true },
                        { "range": typo["range"], "message": "x", "source": "yamlls", "code": 7 },
                        typo
                    ],
                    "only": ["quickfix"]
                }
            }),
        )
        .unwrap();
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "quickfix")
        .expect("a quick fix");
    assert_eq!(fix["diagnostics"][0]["code"], "FDL201");
    assert_eq!(
        fix["edit"]["documentChanges"][0]["edits"][0]["newText"],
        "结束"
    );
    // Formatting: an unformatted flow gets edits, a formatted one none.
    let messy = "version: v1\ntype: flow\nsteps:\n- name: a\n  type: pass\n";
    client.change(uri, 2, [0, 0, 99, 0], messy);
    let options = json!({ "tabSize": 2, "insertSpaces": true });
    let edits = client
        .request(
            "textDocument/formatting",
            json!({ "textDocument": text_document(uri), "options": options }),
        )
        .unwrap();
    assert!(!edits.as_array().unwrap().is_empty());
    let r = client
        .request(
            "textDocument/rangeFormatting",
            json!({ "textDocument": text_document(uri), "options": options, "range": range_json([3, 0, 4, 0]) }),
        )
        .unwrap();
    assert!(r.is_array());
    // Broken YAML is not formatted, and the answer says why.
    client.change(uri, 3, [0, 0, 99, 0], "version: v1\ntype: flow\nsteps: [\n");
    let e = client
        .request(
            "textDocument/formatting",
            json!({ "textDocument": text_document(uri), "options": options }),
        )
        .unwrap_err();
    assert_eq!(e.code, CODE_REQUEST_FAILED);
    assert_eq!(client.shutdown(), Ok(()));
}

/// The server builds each version from the previous one when it can (reparsing and
/// rechecking only the edited step): whatever the edit, the result must be what `fdl check`
/// says about the new text.
#[test]
fn diagnostics_after_each_edit_are_those_of_fdl_check_on_the_new_text() {
    let uri = "file:///edited.yaml";
    let mut text = fdl_bench::flow_with_steps(3, 40);
    let mut client = Client::start(full_capabilities());
    client.open(uri, 1, &text);
    assert_eq!(got(&client.diagnostics(uri, 1)), expected(&text));
    // SplitMix64, so the edits are the same on every run.
    let mut state = 0x5eed_u64;
    let mut next = |n: usize| {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n.max(1) as u64) as usize
    };
    let line_start = |text: &str, at: usize| text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = |text: &str, at: usize| text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
    let mut kinds_seen = [0usize; 6];
    let mut undo: Option<(usize, usize, String)> = None;
    let mut broken = 0;
    for version in 2..=80 {
        let boundary = |text: &str, mut at: usize| {
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            at
        };
        let pick = boundary(&text, next(text.len()));
        let undoing = undo.is_some();
        let kind = next(6);
        if !undoing {
            kinds_seen[kind] += 1;
        }
        let (start, end, insert): (usize, usize, String) = match kind {
            // Most edits are taken back by the next one (many break the file, and a file
            // that stays broken would make every later edit a full re-read).
            _ if undo.is_some() => {
                let (start, len, removed) = undo.take().unwrap();
                (start, start + len, removed)
            }
            // Type a character into a step name.
            0 => {
                let names: Vec<usize> = text.match_indices("name: ").map(|(i, _)| i + 6).collect();
                let at = names.get(next(names.len())).copied().unwrap_or(pick);
                (at, at, ["x", "名", "-"][next(3)].to_string())
            }
            // Delete a character.
            1 => {
                let end = boundary(&text, (pick + 1).min(text.len()));
                let end = if end == pick {
                    line_end(&text, pick).min(text.len())
                } else {
                    end
                };
                (pick, end.max(pick), String::new())
            }
            // Delete a whole line.
            2 => (
                line_start(&text, pick),
                line_end(&text, pick),
                String::new(),
            ),
            // Duplicate a line (a field, or the first line of a step).
            3 => {
                let start = line_start(&text, pick);
                let line = text[start..line_end(&text, pick)].to_string();
                (start, start, line)
            }
            // Insert a piece of YAML syntax anywhere.
            4 => (
                pick,
                pick,
                ["\"", ": ", "\n", "  ", "- ", "#", "{", "x"][next(8)].to_string(),
            ),
            // Add a field to a step.
            _ => {
                // Before the `name:` line of a top-level step.
                let steps: Vec<usize> = text
                    .match_indices("\n    name: ")
                    .map(|(i, _)| i + 1)
                    .collect();
                let at = steps.get(next(steps.len())).copied().unwrap_or(pick);
                (
                    at,
                    at,
                    ["    bogus: 1\n", "    end: true\n", "    goto: nowhere\n"][next(3)]
                        .to_string(),
                )
            }
        };
        let (l1, c1) = utf16_position(&text, start);
        let (l2, c2) = utf16_position(&text, end);
        let removed = text[start..end].to_string();
        let whole = next(5) == 0;
        if !whole {
            client.change(uri, version, [l1, c1, l2, c2], &insert);
        }
        text.replace_range(start..end, &insert);
        // Some clients send the whole text every time: the server finds what changed.
        if whole {
            client.notify(
                "textDocument/didChange",
                json!({
                    "textDocument": { "uri": uri, "version": version },
                    "contentChanges": [{ "text": text }]
                }),
            );
        }
        // An edit that leaves the YAML broken is always taken back.
        let broken_now = fdl_syntax::parse(&text)
            .errors
            .iter()
            .any(|e| e.kind == fdl_syntax::SyntaxErrorKind::Invalid);
        if !undoing && (broken_now || next(4) != 0) && !(removed.is_empty() && insert.is_empty()) {
            undo = Some((start, insert.len(), removed));
        }
        // A request right behind the change is answered from the new version too.
        let (line, character) = utf16_position(&text, boundary(&text, next(text.len())));
        client
            .request("textDocument/hover", at(uri, line, character))
            .unwrap();
        assert_eq!(
            got(&client.diagnostics(uri, version)),
            expected(&text),
            "after edit {version} (kind {kind}: {start}..{end} -> {insert:?})"
        );
        broken += usize::from(
            fdl_syntax::parse(&text)
                .errors
                .iter()
                .any(|e| e.kind == fdl_syntax::SyntaxErrorKind::Invalid),
        );
    }
    assert!(kinds_seen.iter().all(|&n| n >= 3), "{kinds_seen:?}");
    // Most versions must be readable YAML, or the edits would not exercise the incremental
    // path.
    assert!(broken < 40, "{broken} of 79 versions are not valid YAML");
    eprintln!("{broken} of 79 versions are not valid YAML");
    assert_eq!(client.shutdown(), Ok(()));
}
