//! `fdl check` with `fdl.toml`: discovery, rule levels, include/exclude, `--config`, and broken
//! configuration files.

mod common;

use std::fs;
use std::path::Path;

use common::{code, fdl_in, fdl_piped, stderr, stdout};

/// One error (FDL201, goto-target-missing) and one warning (FDL102, unknown-key).
const FLOW: &str = "\
version: v1
type: flow
steps:
  - type: choice
    name: check
    colour: blue
    choices:
      - condition: $.x > 1
        goto: Chek
  - type: pass
    name: Check
";

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "flows/a.yaml", FLOW);
    write(dir.path(), "flows/legacy/b.yaml", FLOW);
    dir
}

#[test]
fn without_configuration_every_flow_is_checked_at_default_levels() {
    let dir = project();
    let out = fdl_in(dir.path(), &["check", "."]);
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out).contains("Checked 2 files: 2 errors, 2 warnings in 2 files"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn rule_levels_and_exclude_come_from_the_nearest_fdl_toml() {
    let dir = project();
    write(
        dir.path(),
        "fdl.toml",
        "exclude = [\"legacy\"]\n[rules]\ngoto-target-missing = \"warning\"\nFDL102 = \"off\"\n",
    );
    let out = fdl_in(dir.path(), &["check", "."]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let text = stdout(&out);
    assert!(text.contains("warning[FDL201]"), "{text}");
    assert!(!text.contains("FDL102"), "{text}");
    assert!(!text.contains("legacy"), "{text}");
    assert!(
        text.contains("Checked 1 file: 1 warning in 1 file"),
        "{text}"
    );
}

#[test]
fn a_file_named_on_the_command_line_is_checked_even_if_excluded() {
    let dir = project();
    write(dir.path(), "fdl.toml", "exclude = [\"legacy\"]\n");
    let out = fdl_in(dir.path(), &["check", "flows/legacy/b.yaml"]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains("Checked 1 file"), "{}", stdout(&out));
    // ... except with --flows-only, which treats it as found in a folder (pre-commit).
    let out = fdl_in(
        dir.path(),
        &["check", "--flows-only", "flows/legacy/b.yaml"],
    );
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(stdout(&out).contains("Checked 0 files"), "{}", stdout(&out));
}

#[test]
fn a_nearer_fdl_toml_wins_over_one_further_up() {
    let dir = project();
    write(dir.path(), "fdl.toml", "[rules]\nFDL201 = \"off\"\n");
    write(dir.path(), "flows/legacy/fdl.toml", "");
    let out = fdl_in(dir.path(), &["check", "."]);
    let text = stdout(&out);
    assert_eq!(code(&out), 1, "{text}");
    // Only the legacy flow, under its own (default) configuration, reports FDL201.
    assert_eq!(text.matches("error[FDL201]").count(), 1, "{text}");
    assert!(text.contains("flows/legacy/b.yaml:9:15"), "{text}");
}

#[test]
fn select_and_ignore_apply_on_top_of_the_configuration() {
    let dir = project();
    write(dir.path(), "fdl.toml", "[rules]\nFDL102 = \"error\"\n");
    let out = fdl_in(dir.path(), &["check", "flows/a.yaml", "--select", "FDL102"]);
    let text = stdout(&out);
    assert_eq!(code(&out), 1, "{text}");
    assert!(text.contains("error[FDL102]"), "{text}");
    assert!(!text.contains("FDL201"), "{text}");
    let out = fdl_in(
        dir.path(),
        &["check", "flows/a.yaml", "--ignore", "unknown-key"],
    );
    assert!(!stdout(&out).contains("FDL102"), "{}", stdout(&out));
}

#[test]
fn config_flag_replaces_discovery() {
    let dir = project();
    write(dir.path(), "fdl.toml", "[rules]\nFDL201 = \"off\"\n");
    write(dir.path(), "other.toml", "[rules]\nFDL102 = \"off\"\n");
    let out = fdl_in(
        dir.path(),
        &["check", "flows/a.yaml", "--config", "other.toml"],
    );
    let text = stdout(&out);
    assert_eq!(code(&out), 1, "{text}");
    assert!(text.contains("FDL201"), "{text}");
    assert!(!text.contains("FDL102"), "{text}");

    let out = fdl_in(dir.path(), &["check", ".", "--config", "missing.toml"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("missing.toml: no such file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn standard_input_uses_the_configuration_of_the_stdin_filename_folder() {
    let dir = project();
    write(dir.path(), "flows/fdl.toml", "[rules]\nFDL201 = \"off\"\n");
    let out = fdl_piped(
        dir.path(),
        &[
            "check",
            "-",
            "--stdin-filename",
            "flows/new.yaml",
            "--no-color",
        ],
        Some(FLOW),
    );
    let text = stdout(&out);
    assert_eq!(code(&out), 0, "{text}");
    assert!(!text.contains("FDL201"), "{text}");
}

#[test]
fn a_broken_configuration_stops_the_run_with_one_message() {
    let dir = project();
    write(
        dir.path(),
        "fdl.toml",
        "[rules]\ngoto-target-mising = \"warning\"\n",
    );
    let out = fdl_in(dir.path(), &["check", "."]);
    assert_eq!(code(&out), 2);
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    let err = stderr(&out);
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    assert!(
        err.contains("fdl.toml:2:1: in [rules]: unknown rule `goto-target-mising`; did you mean `goto-target-missing`?"),
        "{err}"
    );
}

/// Keys out of the canonical order (`name` before `type`).
const UNORDERED: &str = "\
version: v1
type: flow
steps:
  - name: hello
    type: pass
";

#[test]
fn fmt_takes_its_options_from_the_format_table() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "flows/a.yaml", UNORDERED);
    let out = fdl_in(dir.path(), &["fmt", "--check", "."]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));

    write(dir.path(), "fdl.toml", "[format]\nreorder-keys = false\n");
    let out = fdl_in(dir.path(), &["fmt", "--check", "."]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(dir.path().join("flows/a.yaml")).unwrap(),
        UNORDERED
    );
}

#[test]
fn fmt_skips_excluded_files_found_in_folders_and_with_flows_only() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "flows/legacy/a.yaml", UNORDERED);
    write(dir.path(), "fdl.toml", "exclude = [\"legacy\"]\n");
    let out = fdl_in(dir.path(), &["fmt", "."]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = fdl_in(dir.path(), &["fmt", "--flows-only", "flows/legacy/a.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(dir.path().join("flows/legacy/a.yaml")).unwrap(),
        UNORDERED
    );
    // Named without --flows-only, it is formatted: naming a file is a request.
    let out = fdl_in(dir.path(), &["fmt", "flows/legacy/a.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_ne!(
        fs::read_to_string(dir.path().join("flows/legacy/a.yaml")).unwrap(),
        UNORDERED
    );
}

#[test]
fn fmt_stops_on_a_broken_configuration() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "flows/a.yaml", UNORDERED);
    write(dir.path(), "fdl.toml", "[format]\nline_width = 100\n");
    let out = fdl_in(dir.path(), &["fmt", "."]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("did you mean `line-width`?"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("flows/a.yaml")).unwrap(),
        UNORDERED
    );
}

#[test]
fn a_broken_configuration_still_gives_a_valid_sarif_or_json_document() {
    let dir = project();
    write(
        dir.path(),
        "fdl.toml",
        "[rules]\ngoto-target-mising = \"warning\"\n",
    );
    let out = fdl_in(dir.path(), &["check", "--format", "sarif", "."]);
    assert_eq!(code(&out), 2);
    let log: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("a SARIF log");
    let run = &log["runs"][0];
    assert_eq!(run["results"], serde_json::json!([]));
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let message = invocation["toolExecutionNotifications"][0]["message"]["text"]
        .as_str()
        .unwrap();
    assert!(
        message.contains("invalid configuration (line 2, column 1): in [rules]: unknown rule `goto-target-mising`")
            && message.contains("no file was checked"),
        "{message}"
    );
    // The error is still on stderr, once.
    assert_eq!(
        stderr(&out).matches("error:").count(),
        1,
        "{}",
        stderr(&out)
    );

    let out = fdl_in(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(code(&out), 2);
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("a JSON report");
    assert_eq!(report["files"], serde_json::json!([]));
    assert_eq!(report["summary"]["not_checked"], 1);
    let not_checked = &report["not_checked"][0];
    assert!(
        not_checked["path"].as_str().unwrap().ends_with("fdl.toml"),
        "{not_checked}"
    );
    assert!(
        not_checked["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `goto-target-missing`?"),
        "{not_checked}"
    );
}

#[test]
fn an_excluded_folder_is_not_called_empty() {
    let dir = project();
    write(dir.path(), "fdl.toml", "exclude = [\"legacy\"]\n");
    let out = fdl_in(dir.path(), &["check", "flows/legacy"]);
    assert_eq!(code(&out), 0);
    let err = stderr(&out);
    assert!(
        err.contains("warning: no flow files to check in flows/legacy: 1 file is left out by `include`/`exclude` in ")
            && err.trim_end().ends_with("fdl.toml"),
        "{err}"
    );
    // A folder that truly holds no flow keeps the plain warning.
    fs::create_dir_all(dir.path().join("empty")).unwrap();
    let out = fdl_in(dir.path(), &["check", "empty"]);
    assert_eq!(
        stderr(&out),
        "warning: no flow files found in empty\n",
        "{}",
        stderr(&out)
    );
}

/// Not valid YAML: the string is never closed.
const BROKEN: &str = "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: \"open\n";

#[test]
fn quiet_never_hides_a_file_that_could_not_be_read() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "broken.yaml", BROKEN);
    write(dir.path(), "fdl.toml", "[rules]\nFDL001 = \"warning\"\n");
    let out = fdl_in(dir.path(), &["check", "-q", "broken.yaml"]);
    let text = stdout(&out);
    assert!(text.contains("warning[FDL001]"), "{text}");
    assert!(!text.contains("hidden by --quiet"), "{text}");
    // Other warnings stay hidden.
    write(
        dir.path(),
        "two.yaml",
        "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n    colour: blue\n---\nb: 1\n",
    );
    let out = fdl_in(dir.path(), &["check", "-q", "two.yaml"]);
    let text = stdout(&out);
    assert_eq!(code(&out), 1, "{text}");
    assert!(text.contains("error[FDL003]"), "{text}");
    assert!(!text.contains("FDL102"), "{text}");
    assert!(text.contains("(1 warning hidden by --quiet)"), "{text}");
}

#[test]
fn select_and_ignore_do_not_hide_stale_suppressions() {
    let dir = tempfile::tempdir().unwrap();
    let flow = "version: v1\ntype: flow\nsteps:\n  - type: pass\n    # fdl-ignore: FDL102 -- no unknown key left here\n    name: a\n";
    write(dir.path(), "a.yaml", flow);
    for args in [
        &["check", "--select", "FDL011", "a.yaml"][..],
        &["check", "--ignore", "FDL102", "a.yaml"][..],
    ] {
        let out = fdl_in(dir.path(), args);
        let text = stdout(&out);
        assert!(text.contains("warning[FDL011]"), "{args:?}: {text}");
    }
    // A suppression whose rule is off but would have reported is used, not stale.
    let used = flow.replace("    name: a\n", "    colour: blue\n    name: a\n");
    write(dir.path(), "a.yaml", &used);
    let out = fdl_in(dir.path(), &["check", "--select", "FDL011", "a.yaml"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), "Checked 1 file: no problems found\n");
}
