//! Typing every fixture in, a few characters at a time, asking for completion and hover at
//! the cursor after each change: every request must be answered without an error, and the
//! text the server ends with must be the one typed (its diagnostics are those of `fdl check`
//! on the file). Then hostile texts: no crash, no silence.

mod support;

use std::time::Instant;

use lsp_server::RequestId;
use serde_json::{Value, json};
use support::{Client, full_capabilities, position_json, utf16_position};

/// About this many changes per file: smaller files are typed one character at a time.
const STEPS_PER_FILE: usize = 120;

fn at(uri: &str, (line, character): (u32, u32)) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": position_json(line, character) })
}

/// Types `text` into the empty document `uri` (already open at version 1) in chunks of
/// `stride` characters at the end; returns the ids of the completion and hover requests
/// sent after each chunk and the last version.
fn type_in(
    client: &mut Client,
    uri: &str,
    text: &str,
    stride: usize,
) -> (Vec<(RequestId, String)>, i32) {
    let mut ids = Vec::new();
    let mut version = 1;
    let mut typed = 0;
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let mut k = 0;
    while typed < text.len() {
        k = (k + stride).min(bounds.len() - 1);
        let end = bounds[k];
        let (l, c) = utf16_position(text, typed);
        version += 1;
        client.change(uri, version, [l, c, l, c], &text[typed..end]);
        typed = end;
        let cursor = utf16_position(text, typed);
        let what = format!("{uri} after {typed} bytes");
        ids.push((
            client.send_request("textDocument/completion", at(uri, cursor)),
            what.clone(),
        ));
        ids.push((
            client.send_request("textDocument/hover", at(uri, cursor)),
            what,
        ));
    }
    (ids, version)
}

#[test]
fn typing_every_fixture_in_keeps_the_server_answering() {
    let started = Instant::now();
    let mut client = Client::start(full_capabilities());
    let fixtures = support::fixtures();
    let mut requests = 0;
    for (i, (name, text)) in fixtures.iter().enumerate() {
        let uri = format!("file:///typed/{i}.yaml");
        client.open(&uri, 1, "");
        let stride = (text.chars().count() / STEPS_PER_FILE).max(1);
        let (ids, version) = type_in(&mut client, &uri, text, stride);
        for (id, what) in ids {
            if let Err(e) = client.response(&id) {
                panic!(
                    "{name}: request {id} ({what}) failed: {} {}",
                    e.code, e.message
                );
            }
            requests += 1;
        }
        // The server holds exactly the typed text: its diagnostics say so.
        if fdl_check::looks_like_flow(text) {
            let diagnostics = client.diagnostics(&uri, version);
            let codes: Vec<&str> = diagnostics
                .iter()
                .map(|d| d["code"].as_str().unwrap())
                .collect();
            let expected: Vec<&str> = fdl_check::check_source(text)
                .iter()
                .map(|d| d.code)
                .collect();
            assert_eq!(codes, expected, "{name}");
        }
        client.close(&uri);
        client.inbox.clear();
    }
    eprintln!(
        "typed {} fixtures, {requests} requests answered, in {:.1?}",
        fixtures.len(),
        started.elapsed()
    );
    assert_eq!(client.shutdown(), Ok(()));
}

#[test]
fn hostile_texts_get_answers() {
    let mut client = Client::start(full_capabilities());
    // A flow that stays open throughout: after each hostile text it must still be served.
    let bystander = "file:///hostile/bystander.yaml";
    let bystander_text =
        "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n    bogus: 1\n";
    client.open(bystander, 1, bystander_text);
    assert_eq!(client.diagnostics(bystander, 1).len(), 1);
    let mut bystander_version = 1;
    let deep_lists = "[".repeat(100_000);
    let deep_block = format!("type: flow\nsteps:\n  {}x\n", "- ".repeat(100_000));
    let mut bomb = String::from(
        "version: v1\ntype: flow\nlol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..10 {
        let previous = format!("*lol{}", i - 1);
        bomb.push_str(&format!(
            "lol{i}: &lol{i} [{}]\n",
            [previous.as_str(); 9].join(", ")
        ));
    }
    bomb.push_str("steps:\n  - type: pass\n    name: p\n");
    let one_line = format!(
        "version: v1\ntype: flow\nsteps: [{}]\n",
        (0..5000)
            .map(|i| format!("{{type: pass, name: s{i}, bogus: {i}}}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let long_key = format!(
        "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n    {}: 1\n",
        "k".repeat(1_000_000)
    );
    let deep_maps = (0..3000)
        .map(|i| format!("{}k:\n", " ".repeat(i)))
        .collect::<String>();
    let deep_dashes = "- ".repeat(5000);
    let big = fdl_bench::flow(3, 2 << 20);
    let texts: Vec<(&str, String)> = vec![
        (
            "half-typed key",
            "version: v1\ntype: flow\nsteps:\n  - ty".to_string(),
        ),
        (
            "unclosed quote",
            "version: v1\ntype: flow\nsteps:\n  - type: \"pass\n    name: 'a\n".to_string(),
        ),
        (
            "tabs",
            "version: v1\ntype: flow\nsteps:\n\t- type: pass\n\t\tname: a\n".to_string(),
        ),
        (
            "not yaml",
            "{\"version\": \"v1\", \"type\": \"flow\", \"steps\": [{\"type\": ".to_string(),
        ),
        (
            "binary",
            "type: flow\n\u{0}\u{7}\u{1b}[31m\u{feff}\u{fffd}\u{10ffff}\r\r\n\u{2028}".to_string(),
        ),
        (
            "lone carriage returns",
            "version: v1\rtype: flow\rsteps:\r  - type: pass\r".to_string(),
        ),
        ("deep lists", format!("type: flow\nsteps: {deep_lists}")),
        ("100,000 levels of block lists", deep_block),
        ("alias bomb", bomb),
        (
            "NUL bytes",
            "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\u{0}b\n".to_string(),
        ),
        ("only a byte-order mark", "\u{feff}".to_string()),
        ("5,000 findings on one line", one_line),
        ("a key of a million characters", long_key),
        ("deep mappings", format!("type: flow\nsteps:\n{deep_maps}")),
        (
            "deep dashes",
            format!("type: flow\nsteps:\n{deep_dashes}x\n"),
        ),
        ("2 MB flow", big),
    ];
    for (i, (name, text)) in texts.iter().enumerate() {
        let started = Instant::now();
        let uri = format!("file:///hostile/{i}.yaml");
        client.open(&uri, 1, text);
        let end = utf16_position(text, text.len());
        let mut half = text.len() / 2;
        while !text.is_char_boundary(half) {
            half -= 1;
        }
        let middle = utf16_position(text, half);
        // An edit in the middle, then requests at both places.
        client.change(
            &uri,
            2,
            [middle.0, middle.1, middle.0, middle.1],
            "  - name: x\n",
        );
        let doc = json!({ "textDocument": { "uri": uri } });
        for (method, params) in [
            ("textDocument/completion", at(&uri, middle)),
            ("textDocument/hover", at(&uri, middle)),
            ("textDocument/completion", at(&uri, end)),
            ("textDocument/definition", at(&uri, middle)),
            ("textDocument/documentSymbol", doc.clone()),
            ("textDocument/foldingRange", doc.clone()),
            ("textDocument/semanticTokens/full", doc.clone()),
            (
                "textDocument/selectionRange",
                json!({ "textDocument": { "uri": uri }, "positions": [position_json(middle.0, middle.1)] }),
            ),
        ] {
            if let Err(e) = client.request(method, params) {
                panic!("{name}: {method} failed: {} {}", e.code, e.message);
            }
        }
        // Formatting may refuse broken YAML, but with a reason, not an internal error.
        let format = client.request(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
        );
        if let Err(e) = format {
            assert_eq!(e.code, -32803, "{name}: formatting failed: {}", e.message);
        }
        let graph = client
            .request("fdl/graph", doc.clone())
            .unwrap_or_else(|e| panic!("{name}: fdl/graph failed: {}", e.message));
        assert!(
            graph["graph"].is_object() || graph["message"].is_string(),
            "{name}: {graph}"
        );
        client.close(&uri);
        // The other document is still served: a hover, and diagnostics after an edit.
        let hover = client.request("textDocument/hover", at(bystander, (4, 11)));
        assert!(
            hover.is_ok_and(|h| h.is_object()),
            "{name}: no hover for the bystander"
        );
        bystander_version += 1;
        client.change(bystander, bystander_version, [5, 4, 5, 9], "bogus");
        assert_eq!(
            client.diagnostics(bystander, bystander_version).len(),
            1,
            "{name}"
        );
        eprintln!("{name}: {:.1?}", started.elapsed());
    }
    assert_eq!(client.shutdown(), Ok(()));
}

#[test]
fn a_document_larger_than_fdl_reads_is_left_alone_and_said_so() {
    let mut client = Client::start(full_capabilities());
    let uri = "file:///hostile/huge.yaml";
    let head = "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n    bogus: 1\n";
    let mut text = String::from(head);
    while text.len() <= 100_000_000 {
        text.push_str("# a comment line, repeated to make a document of more than 100 MB\n");
    }
    client.open(uri, 1, &text);
    let told = client.wait_notification("a message about the large document", |n| {
        n.method == "window/showMessage"
    });
    let message = told.params["message"].as_str().unwrap();
    assert!(
        message.contains(uri) && message.contains(fdl_check::TOO_LARGE),
        "{message}"
    );
    for (method, params) in [
        ("textDocument/hover", at(uri, (5, 5))),
        ("textDocument/completion", at(uri, (5, 5))),
        (
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        ),
        (
            "textDocument/formatting",
            json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
        ),
    ] {
        let answer = client.request(method, params);
        assert!(
            answer.as_ref().is_ok_and(Value::is_null),
            "{method}: {answer:?}"
        );
    }
    let graph = client
        .request("fdl/graph", json!({ "textDocument": { "uri": uri } }))
        .unwrap();
    assert_eq!(graph["message"], fdl_check::TOO_LARGE);
    // Cut down to a flow again (the whole text replaced): checked as usual.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "text": head }] }),
    );
    drop(text);
    let diagnostics = client.diagnostics(uri, 2);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["code"], "FDL102");
    assert_eq!(client.shutdown(), Ok(()));
}
