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
    let deep_lists = "[".repeat(20_000);
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
        client.close(&uri);
        eprintln!("{name}: {:.1?}", started.elapsed());
    }
    assert_eq!(client.shutdown(), Ok(()));
}
