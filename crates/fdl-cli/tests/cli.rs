//! End-to-end tests of `fdl check`: exit codes, file discovery, stdin, and output shapes.
//! Snapshots of full output live elsewhere; these assert on substrings and structure.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

mod common;
use common::{code, command, fdl_in, fdl_piped, stderr, stdout};

const CLEAN: &str = "\
version: v1
type: flow
steps:
  - type: pass
    name: hello
";

/// One error: FDL201 on `Chek` (line 8, column 15).
const BROKEN: &str = "\
version: v1
type: flow
steps:
  - type: choice
    name: check
    choices:
      - condition: $.x > 1
        goto: Chek
  - type: pass
    name: Check
";

/// One warning: FDL102, an unknown key.
const WARNS: &str = "\
version: v1
type: flow
steps:
  - type: pass
    name: hello
    colour: blue
";

/// One hint: FDL107, the legacy version.
const HINTS: &str = "\
version: v1beta1
type: flow
steps:
  - type: pass
    name: hello
";

fn fdl_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    command(dir)
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("run fdl")
}

fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(path, text).expect("write file");
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", stdout(output)))
}

fn json_paths(value: &serde_json::Value) -> Vec<String> {
    value["files"]
        .as_array()
        .expect("files array")
        .iter()
        .map(|f| f["path"].as_str().expect("path").to_owned())
        .collect()
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempdir();
    for args in [
        &["check", "--bogus"][..],
        &["check", "--format", "xml"],
        &["frobnicate"],
        &[],
    ] {
        let out = fdl_in(dir.path(), args);
        assert_eq!(code(&out), 2, "fdl {args:?}: {}", stderr(&out));
        assert!(!stderr(&out).is_empty(), "fdl {args:?} printed no error");
    }
    write(dir.path(), "a.yaml", CLEAN);
    let out = fdl_in(
        dir.path(),
        &["check", "a.yaml", "--stdin-filename", "x.yaml"],
    );
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("--stdin-filename"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn help_and_version_exit_0() {
    let dir = tempdir();
    let out = fdl_in(dir.path(), &["check", "--help"]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("--deny-warnings"));
    let out = fdl_in(dir.path(), &["--version"]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).starts_with("fdl "));
}

#[test]
fn clean_file_exits_0() {
    let dir = tempdir();
    write(dir.path(), "a.yaml", CLEAN);
    let out = fdl_in(dir.path(), &["check", "a.yaml"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert_eq!(stdout(&out), "Checked 1 file: no problems found\n");
    assert_eq!(stderr(&out), "");
}

#[test]
fn error_exits_1_with_a_code_frame() {
    let dir = tempdir();
    write(dir.path(), "flows/broken.yaml", BROKEN);
    let out = fdl_in(dir.path(), &["check", "flows/broken.yaml"]);
    assert_eq!(code(&out), 1, "{}{}", stdout(&out), stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("error[FDL201]: "), "{text}");
    assert!(text.contains(" --> flows/broken.yaml:8:15"), "{text}");
    assert!(text.contains("8 |         goto: Chek"), "{text}");
    assert!(text.contains("^^^^"), "{text}");
    assert!(
        text.ends_with("Checked 1 file: 1 error in 1 file\n"),
        "{text}"
    );
    // Piped output is never coloured.
    assert!(!text.contains('\u{1b}'), "{text}");
}

#[test]
fn warnings_pass_unless_denied() {
    let dir = tempdir();
    write(dir.path(), "w.yaml", WARNS);
    let out = fdl_in(dir.path(), &["check", "w.yaml"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains("warning[FDL102]: "),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).ends_with("Checked 1 file: 1 warning in 1 file\n"));

    let out = fdl_in(dir.path(), &["check", "--deny-warnings", "w.yaml"]);
    assert_eq!(code(&out), 1, "{}{}", stdout(&out), stderr(&out));
}

#[test]
fn hints_only_on_request() {
    let dir = tempdir();
    write(dir.path(), "h.yaml", HINTS);
    let out = fdl_in(dir.path(), &["check", "h.yaml"]);
    assert_eq!(code(&out), 0);
    assert_eq!(
        stdout(&out),
        "Checked 1 file: no problems found (1 hint hidden; --show-hints shows it)\n"
    );
    write(dir.path(), "w.yaml", WARNS.replace("v1", "v1beta1"));
    let out = fdl_in(dir.path(), &["check", "h.yaml", "w.yaml"]);
    assert!(
        stdout(&out).ends_with(
            "Checked 2 files: 1 warning in 1 file (2 hints hidden; --show-hints shows them)\n"
        ),
        "{}",
        stdout(&out)
    );

    let out = fdl_in(
        dir.path(),
        &["check", "--show-hints", "--deny-warnings", "h.yaml"],
    );
    assert_eq!(code(&out), 0, "hints never fail the run");
    assert!(stdout(&out).contains("hint[FDL107]: "), "{}", stdout(&out));
    assert!(stdout(&out).ends_with("Checked 1 file: 1 hint in 1 file\n"));

    let out = fdl_in(dir.path(), &["check", "--format", "json", "h.yaml"]);
    assert_eq!(json(&out)["summary"]["hints"], 0);
    let out = fdl_in(
        dir.path(),
        &["check", "--format", "json", "--show-hints", "h.yaml"],
    );
    let value = json(&out);
    assert_eq!(value["summary"]["hints"], 1);
    assert_eq!(value["files"][0]["diagnostics"][0]["severity"], "hint");
}

#[test]
fn missing_path_exits_2_but_checks_the_rest() {
    let dir = tempdir();
    write(dir.path(), "broken.yaml", BROKEN);
    let out = fdl_in(dir.path(), &["check", "nope.yaml", "broken.yaml"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("error: nope.yaml: no such file or directory"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("error[FDL201]"), "{}", stdout(&out));
    assert!(stdout(&out).contains("Checked 1 file: 1 error in 1 file"));
}

#[test]
fn non_utf8_file_exits_2_with_a_clear_message() {
    let dir = tempdir();
    // A Latin-1 `é` in a comment of a flow.
    write(
        dir.path(),
        "examples/x.yaml",
        b"version: v1\ntype: flow\n# caf\xe9\nsteps: []\n",
    );
    write(dir.path(), "examples/ok.yaml", CLEAN);
    let out = fdl_in(dir.path(), &["check", "examples"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains(
            "error: examples/x.yaml: not valid UTF-8 (invalid byte at line 3, column 6, offset 28); FDL files must be UTF-8"
        ),
        "{}",
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("Checked 1 file; 1 path could not be checked (see the errors above)"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn utf8_bom_is_accepted() {
    let dir = tempdir();
    write(dir.path(), "bom.yaml", format!("\u{feff}{CLEAN}"));
    write(dir.path(), "bom-broken.yaml", format!("\u{feff}{BROKEN}"));
    let out = fdl_in(dir.path(), &["check", "bom.yaml"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    let out = fdl_in(
        dir.path(),
        &["check", "--format", "json", "bom-broken.yaml"],
    );
    assert_eq!(code(&out), 1);
    let d = &json(&out)["files"][0]["diagnostics"][0];
    // The offset counts the BOM's three bytes; the column (on line 8) is unaffected.
    assert_eq!(d["start"]["line"], 8);
    assert_eq!(d["start"]["column"], 15);
    assert_eq!(d["start"]["offset"], BROKEN.find("Chek").unwrap() + 3);
}

#[test]
fn folder_walk_checks_flows_only_and_honours_gitignore() {
    let dir = tempdir();
    let root = dir.path();
    write(root, "flow.yaml", BROKEN);
    write(root, "sub/nested.yml", CLEAN);
    write(root, "sub/UPPER.YAML", CLEAN);
    // Not flows: other YAML, and a flow under another extension.
    write(root, "config.yaml", "name: demo\nitems: [1, 2]\n");
    write(root, "nested-type.yaml", "meta:\n  type: flow\n");
    write(root, "notes.txt", BROKEN);
    // Ignored, although no git repository is around.
    write(root, ".gitignore", "ignored/\nskip.yaml\n");
    write(root, "ignored/flow.yaml", BROKEN);
    write(root, "skip.yaml", BROKEN);

    let out = fdl_in(root, &["check", "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    assert_eq!(
        json_paths(&json(&out)),
        ["flow.yaml", "sub/UPPER.YAML", "sub/nested.yml"]
    );

    // Human output agrees, and `.` means the same as no path.
    let out = fdl_in(root, &["check", "."]);
    assert!(
        stdout(&out).contains(" --> flow.yaml:8:15"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).ends_with("Checked 3 files: 1 error in 1 file\n"));

    // Named explicitly, ignored and non-flow files are checked all the same.
    let out = fdl_in(
        root,
        &[
            "check",
            "--format",
            "json",
            "skip.yaml",
            "notes.txt",
            "config.yaml",
        ],
    );
    assert_eq!(
        json_paths(&json(&out)),
        ["config.yaml", "notes.txt", "skip.yaml"]
    );
}

#[test]
fn output_is_sorted_and_deduplicated() {
    let dir = tempdir();
    write(dir.path(), "b.yaml", BROKEN);
    write(dir.path(), "a.yaml", BROKEN);
    write(dir.path(), "c/d.yaml", BROKEN);
    let out = fdl_in(
        dir.path(),
        &[
            "check", "--format", "json", "c", "b.yaml", "./a.yaml", "a.yaml", "c/d.yaml",
        ],
    );
    let value = json(&out);
    assert_eq!(json_paths(&value), ["a.yaml", "b.yaml", "c/d.yaml"]);
    assert_eq!(value["summary"]["files"], 3);
    assert_eq!(value["summary"]["errors"], 3);

    let out = fdl_in(dir.path(), &["check", "c", "b.yaml", "a.yaml"]);
    let text = stdout(&out);
    let a = text.find("--> a.yaml").expect("a.yaml reported");
    let b = text.find("--> b.yaml").expect("b.yaml reported");
    let d = text.find("--> c/d.yaml").expect("c/d.yaml reported");
    assert!(a < b && b < d, "{text}");
    assert!(
        text.ends_with("Checked 3 files: 3 errors in 3 files\n"),
        "{text}"
    );
}

#[test]
fn stdin_with_a_file_name() {
    let dir = tempdir();
    let out = fdl_piped(
        dir.path(),
        &["check", "-", "--stdin-filename", "flows/x.yaml"],
        Some(BROKEN),
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stdout(&out).contains(" --> flows/x.yaml:8:15"),
        "{}",
        stdout(&out)
    );

    let out = fdl_piped(dir.path(), &["check", "-"], Some(BROKEN));
    assert!(
        stdout(&out).contains(" --> <stdin>:8:15"),
        "{}",
        stdout(&out)
    );

    // The name alone implies standard input.
    let out = fdl_piped(
        dir.path(),
        &["check", "--format", "json", "--stdin-filename", "y.yaml"],
        Some(CLEAN),
    );
    assert_eq!(code(&out), 0);
    assert_eq!(json_paths(&json(&out)), ["y.yaml"]);

    let out = fdl_piped(
        dir.path(),
        &["check", "-"],
        Some("version: v1\n\u{0}\u{7f}"),
    );
    assert_ne!(code(&out), 101, "{}", stderr(&out));
}

#[test]
fn stdin_must_be_utf8() {
    let dir = tempdir();
    let mut child = command(dir.path())
        .args(["check", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn fdl");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"ab\xc3")
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out)
            .contains("<stdin>: not valid UTF-8 (invalid byte at line 1, column 3, offset 2)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn json_output_shape() {
    let dir = tempdir();
    write(dir.path(), "a.yaml", BROKEN);
    write(dir.path(), "b.yaml", CLEAN);
    let out = fdl_in(
        dir.path(),
        &["check", "--format", "json", "a.yaml", "b.yaml"],
    );
    assert_eq!(code(&out), 1);
    assert_eq!(stderr(&out), "");
    assert!(stdout(&out).ends_with("}\n"));
    let value = json(&out);
    assert_eq!(value["version"], 1);
    assert_eq!(json_paths(&value), ["a.yaml", "b.yaml"]);
    assert_eq!(value["files"][1]["diagnostics"], serde_json::json!([]));
    assert_eq!(
        value["summary"],
        serde_json::json!({"files": 2, "errors": 1, "warnings": 0, "hints": 0, "not_checked": 0})
    );
    assert_eq!(value["not_checked"], serde_json::json!([]));

    let d = &value["files"][0]["diagnostics"][0];
    let keys: Vec<_> = d.as_object().expect("object").keys().cloned().collect();
    for key in [
        "code", "name", "severity", "message", "start", "end", "labels", "notes", "help", "fixes",
    ] {
        assert!(keys.iter().any(|k| k == key), "missing {key} in {d}");
    }
    assert_eq!(d["code"], "FDL201");
    assert_eq!(d["name"], "goto-target-missing");
    assert_eq!(d["severity"], "error");
    assert!(d["message"].as_str().is_some_and(|m| !m.is_empty()));
    let offset = BROKEN.find("Chek").unwrap();
    assert_eq!(
        d["start"],
        serde_json::json!({"line": 8, "column": 15, "offset": offset})
    );
    assert_eq!(
        d["end"],
        serde_json::json!({"line": 8, "column": 19, "offset": offset + 4})
    );
    assert!(d["labels"].is_array() && d["notes"].is_array() && d["fixes"].is_array());
    assert!(d["help"].is_null() || d["help"].is_string());
    for fix in d["fixes"].as_array().unwrap() {
        assert!(fix["message"].is_string() && fix["safe"].is_boolean());
        for edit in fix["edits"].as_array().expect("edits") {
            assert!(edit["replacement"].is_string());
            assert!(edit["start"]["offset"].as_u64() <= edit["end"]["offset"].as_u64());
        }
    }
}

#[test]
fn broken_pipe_ends_quietly() {
    let dir = tempdir();
    for i in 0..200 {
        write(dir.path(), &format!("f{i:03}.yaml"), BROKEN);
    }
    let mut child = command(dir.path())
        .args(["check"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn fdl");
    // Close the reading end at once, like `| head -0`.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
}

fn git_init(dir: &Path) {
    std::fs::create_dir_all(dir).expect("create folder");
    let status = Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir)
        .stdin(Stdio::null())
        .status()
        .expect("run git");
    assert!(status.success(), "git init failed in {}", dir.display());
}

/// Inside a git work tree, `.gitignore` files count from the repository root down, as git has it.
#[test]
fn gitignore_above_the_repository_is_not_obeyed() {
    let dir = tempdir();
    let outside = dir.path().join("p");
    let repo = outside.join("proj");
    write(&outside, ".gitignore", "*.yaml\n");
    git_init(&repo);
    write(&repo, ".gitignore", "skipped/\nsub/hidden.yaml\n");
    write(&repo, "flow.yaml", BROKEN);
    write(&repo, "skipped/flow.yaml", BROKEN);
    write(&repo, "sub/hidden.yaml", BROKEN);
    write(&repo, "sub/shown.yaml", BROKEN);

    let out = fdl_in(&repo, &["check", "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(json_paths(&json(&out)), ["flow.yaml", "sub/shown.yaml"]);

    // Walking a folder below the root: the root's `.gitignore` still applies.
    let out = fdl_in(&repo, &["check", "--format", "json", "sub"]);
    assert_eq!(json_paths(&json(&out)), ["sub/shown.yaml"]);
    let out = fdl_in(&repo.join("sub"), &["check", "--format", "json"]);
    assert_eq!(json_paths(&json(&out)), ["shown.yaml"]);
}

/// Outside any git repository, `.gitignore` files in the walked folders count, those above the
/// path given do not.
#[test]
fn gitignore_outside_a_repository() {
    let dir = tempdir();
    let q = dir.path().join("q");
    write(&q, ".gitignore", "*.yaml\n");
    write(&q, "r/.gitignore", "skip.yaml\n");
    write(&q, "r/flow.yaml", BROKEN);
    write(&q, "r/skip.yaml", BROKEN);

    let out = fdl_in(&q.join("r"), &["check", "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(json_paths(&json(&out)), ["flow.yaml"]);
    let out = fdl_in(&q, &["check", "--format", "json", "r"]);
    assert_eq!(json_paths(&json(&out)), ["r/flow.yaml"]);
    // Walking `q` itself, its `.gitignore` hides everything.
    let out = fdl_in(&q, &["check", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(json_paths(&json(&out)), Vec::<String>::new());
}

#[test]
fn no_flow_files_is_a_warning() {
    let dir = tempdir();
    write(dir.path(), "a/config.yaml", "name: demo\n");
    write(dir.path(), "b/.gitignore", "*.yaml\n");
    write(dir.path(), "b/flow.yaml", BROKEN);

    let out = fdl_in(dir.path(), &["check"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stderr(&out), "warning: no flow files found in .\n");
    assert_eq!(stdout(&out), "Checked 0 files: no problems found\n");

    let out = fdl_in(dir.path(), &["check", "--format", "json", "a", "b"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stderr(&out), "warning: no flow files found in a, b\n");

    // A path that does not exist is an error of its own, not this warning.
    let out = fdl_in(dir.path(), &["check", "nope"]);
    assert_eq!(code(&out), 2);
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian {
        vec![0xfe, 0xff]
    } else {
        vec![0xff, 0xfe]
    };
    for unit in text.encode_utf16() {
        bytes.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    bytes
}

/// In a folder, a file that is not UTF-8 is reported only when it looks like a flow.
#[test]
fn non_utf8_files_in_folders() {
    let dir = tempdir();
    let root = dir.path();
    write(root, "flow.yaml", CLEAN);
    write(root, "i18n/fr.yaml", b"greeting: caf\xe9\n");
    write(root, "i18n/de.yaml", utf16("greeting: hallo\n", false));

    let out = fdl_in(root, &["check"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    assert_eq!(stdout(&out), "Checked 1 file: no problems found\n");

    // Named explicitly, it is an error all the same.
    let out = fdl_in(root, &["check", "i18n/fr.yaml"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains(
            "error: i18n/fr.yaml: not valid UTF-8 (invalid byte at line 1, column 14, offset 13)"
        ),
        "{}",
        stderr(&out)
    );

    // A flow saved as UTF-16 is found in a folder and the encoding is named.
    write(root, "flows/a.yaml", utf16(CLEAN, false));
    write(root, "flows/b.yaml", utf16(BROKEN, true));
    let out = fdl_in(root, &["check", "flows"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: flows/a.yaml: the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8\n\
         error: flows/b.yaml: the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8\n"
    );

    let mut utf32 = vec![0, 0, 0xfe, 0xff];
    for c in CLEAN.chars() {
        utf32.extend(u32::from(c).to_be_bytes());
    }
    write(root, "c.yaml", utf32);
    let out = fdl_in(root, &["check", "c.yaml"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: c.yaml: the file is UTF-32 (it starts with a UTF-32 byte order mark); save it as UTF-8\n"
    );
}

const TOO_BIG: &str = "the file is larger than 64 MiB; a flow definition is at most 1 MiB (the service's request limit)";

#[test]
fn files_larger_than_64_mib_are_refused() {
    let dir = tempdir();
    write(dir.path(), "ok.yaml", CLEAN);
    // Sparse: costs no disk space.
    let big = std::fs::File::create(dir.path().join("big.yaml")).expect("create");
    big.set_len(64 * 1024 * 1024 + 1).expect("set length");
    drop(big);
    let out = fdl_in(dir.path(), &["check", "big.yaml", "ok.yaml"]);
    assert_eq!(code(&out), 2);
    assert_eq!(stderr(&out), format!("error: big.yaml: {TOO_BIG}\n"));
    assert!(stdout(&out).contains("Checked 1 file; 1 path could not be checked"));

    // Standard input too; fdl stops reading, so the writer may see a broken pipe.
    let mut child = command(dir.path())
        .args(["check", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn fdl");
    let mut pipe = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let chunk = vec![b'#'; 1024 * 1024];
        for _ in 0..65 {
            if pipe.write_all(&chunk).is_err() {
                break;
            }
        }
    });
    let out = child.wait_with_output().expect("wait");
    writer.join().expect("writer thread");
    assert_eq!(code(&out), 2);
    assert_eq!(stderr(&out), format!("error: <stdin>: {TOO_BIG}\n"));
}

#[test]
fn endless_device_is_refused() {
    let dir = tempdir();
    if !Path::new("/dev/zero").exists() {
        return;
    }
    let out = fdl_in(dir.path(), &["check", "/dev/zero"]);
    assert_eq!(code(&out), 2);
    assert_eq!(stderr(&out), format!("error: /dev/zero: {TOO_BIG}\n"));
}

#[test]
fn process_substitution_is_read() {
    let dir = tempdir();
    write(dir.path(), "f.yaml", BROKEN);
    let out = Command::new("bash")
        .args([
            "-c",
            r#""$0" check <(cat f.yaml)"#,
            env!("CARGO_BIN_EXE_fdl"),
        ])
        .current_dir(dir.path())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR")
        .output()
        .expect("run bash");
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stdout(&out).contains("error[FDL201]"), "{}", stdout(&out));
}

#[test]
fn json_lists_what_could_not_be_checked() {
    let dir = tempdir();
    write(dir.path(), "a.yaml", CLEAN);
    write(dir.path(), "bad.yaml", b"type: flow\xff\n");
    let out = fdl_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "nope.yaml",
            "a.yaml",
            "bad.yaml",
        ],
    );
    assert_eq!(code(&out), 2);
    let value = json(&out);
    assert_eq!(json_paths(&value), ["a.yaml"]);
    assert_eq!(
        value["not_checked"],
        serde_json::json!([
            {"path": "nope.yaml", "message": "no such file or directory"},
            {
                "path": "bad.yaml",
                "message": "not valid UTF-8 (invalid byte at line 1, column 11, offset 10); FDL files must be UTF-8"
            }
        ])
    );
    assert_eq!(value["summary"]["not_checked"], 2);
    assert_eq!(value["summary"]["files"], 1);
}

#[test]
fn control_characters_in_file_names_are_not_printed() {
    let dir = tempdir();
    let evil = "evil\u{1b}[31m.yaml";
    write(dir.path(), evil, BROKEN);
    let out = fdl_in(dir.path(), &["check"]);
    assert_eq!(code(&out), 1);
    assert!(!stdout(&out).contains('\u{1b}'), "{:?}", stdout(&out));
    assert!(
        stdout(&out).contains(" --> evil␛[31m.yaml:8:15"),
        "{}",
        stdout(&out)
    );

    let bad = "bad\u{1b}]0;title\u{7}.yaml";
    write(dir.path(), bad, b"type: flow\xff\n");
    let out = fdl_in(dir.path(), &["check", bad]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).starts_with("error: bad␛]0;title␇.yaml: not valid UTF-8"),
        "{:?}",
        stderr(&out)
    );

    // JSON escapes them itself: the name is kept as it is.
    let out = fdl_in(dir.path(), &["check", "--format", "json", evil, bad]);
    let value = json(&out);
    assert_eq!(json_paths(&value), [evil]);
    assert_eq!(value["not_checked"][0]["path"], bad);
}

#[test]
fn one_file_under_two_spellings_is_checked_once() {
    let dir = tempdir();
    let root = dir.path().canonicalize().expect("canonical temp dir");
    write(&root, "d/x.yaml", BROKEN);
    write(&root, "y.yaml", BROKEN);
    let absolute = root.join("d/x.yaml");
    let out = fdl_in(
        &root,
        &[
            "check",
            "--format",
            "json",
            "d/x.yaml",
            absolute.to_str().expect("UTF-8 temp path"),
            "d/../d/x.yaml",
        ],
    );
    let value = json(&out);
    assert_eq!(json_paths(&value), ["d/x.yaml"]);
    assert_eq!(value["summary"]["errors"], 1);

    let out = fdl_in(&root.join("d"), &["check", "--format", "json", ".", ".."]);
    let value = json(&out);
    assert_eq!(json_paths(&value), ["../y.yaml", "x.yaml"]);
    assert_eq!(value["summary"]["errors"], 2);
    let out = fdl_in(&root.join("d"), &["check", ".", ".."]);
    assert_eq!(stdout(&out).matches("error[FDL201]").count(), 2);
}

#[test]
fn colour_can_be_forced() {
    let dir = tempdir();
    write(dir.path(), "a.yaml", BROKEN);
    let coloured = |env: &[(&str, &str)], extra: &[&str]| {
        let mut args = vec!["check", "a.yaml"];
        args.extend(extra);
        let out = fdl_with_env(dir.path(), &args, env);
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        stdout(&out).contains('\u{1b}')
    };
    assert!(!coloured(&[], &[]));
    assert!(coloured(&[("CLICOLOR_FORCE", "1")], &[]));
    assert!(coloured(&[("FORCE_COLOR", "1")], &[]));
    assert!(coloured(&[("FORCE_COLOR", "true")], &[]));
    assert!(!coloured(&[("FORCE_COLOR", "0")], &[]));
    assert!(!coloured(&[("FORCE_COLOR", "")], &[]));
    assert!(!coloured(&[("CLICOLOR_FORCE", "0")], &[]));
    assert!(!coloured(
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
        &[]
    ));
    assert!(!coloured(&[("FORCE_COLOR", "1")], &["--no-color"]));
    // JSON is never coloured.
    let out = fdl_with_env(
        dir.path(),
        &["check", "--format", "json", "a.yaml"],
        &[("FORCE_COLOR", "1")],
    );
    assert!(!stdout(&out).contains('\u{1b}'));
}
