//! End-to-end tests of `fdl fmt`: writing in place, `--check`, `--diff`, standard input, and
//! the safety rules (files with syntax errors, unchanged files, permissions, line endings).

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

use insta_cmd::assert_cmd_snapshot;

mod common;

use common::{code, command, fdl_piped, run, stderr, stdout};

/// Already in the formatter's canonical shape.
const CLEAN: &str = "\
version: v1
type: flow
steps:
  - type: pass
    name: hello
";

/// Not formatted: the sequence is not indented under `steps`, `name` comes before `type`, and
/// there are extra spaces after a colon and at the end of a line.
const MESSY: &str = "\
version: v1
type: flow
steps:
- name: hello
  type: pass
- type: pass   
  name:   world
";

/// `MESSY` formatted.
const MESSY_FORMATTED: &str = "\
version: v1
type: flow
steps:
  - type: pass
    name: hello
  - type: pass
    name: world
";

/// Not YAML: an unclosed flow sequence (FDL001).
const BROKEN: &str = "\
version: v1
type: flow
steps:
  - type: pass
    name: [hello
";

fn fdl(dir: &Path, args: &[&str]) -> Output {
    fdl_piped(dir, args, None)
}

fn fdl_with_stdin(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    fdl_piped(dir, args, stdin)
}

fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(path, text).expect("write file");
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).expect("read file")
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// The names in `dir`, sorted (to see that no temporary file is left behind).
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn set_mtime(path: &Path, time: SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(time))
        .expect("set mtime");
}

fn mtime(path: &Path) -> SystemTime {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .expect("mtime")
}

#[test]
fn formats_a_folder_in_place() {
    let dir = tempdir();
    let root = dir.path();
    write(root, "messy.yaml", MESSY);
    write(root, "clean.yaml", CLEAN);
    write(root, "sub/deeper.yml", MESSY);

    let out = fdl(root, &["fmt"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert_eq!(stderr(&out), "Formatted 2 files (1 already formatted)\n");
    assert_eq!(read(root, "messy.yaml"), MESSY_FORMATTED);
    assert_eq!(read(root, "sub/deeper.yml"), MESSY_FORMATTED);
    assert_eq!(read(root, "clean.yaml"), CLEAN);
    assert_eq!(listing(root), ["clean.yaml", "messy.yaml", "sub"]);

    // A second run finds nothing to do.
    let out = fdl(root, &["fmt", "."]);
    assert_eq!(code(&out), 0);
    assert_eq!(stderr(&out), "3 files already formatted\n");
}

#[test]
fn check_lists_what_would_change_and_writes_nothing() {
    let dir = tempdir();
    let root = dir.path();
    write(root, "b.yaml", MESSY);
    write(root, "a.yaml", MESSY);
    write(root, "clean.yaml", CLEAN);

    let out = fdl(root, &["fmt", "--check"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert_eq!(
        stderr(&out),
        "Would reformat: a.yaml\nWould reformat: b.yaml\n2 files would be reformatted (1 already formatted)\n"
    );
    assert_eq!(read(root, "a.yaml"), MESSY);
    assert_eq!(read(root, "b.yaml"), MESSY);

    let out = fdl(root, &["fmt", "--check", "clean.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stderr(&out), "1 file already formatted\n");
}

#[test]
fn diff_shows_the_changes() {
    let dir = tempdir();
    write(dir.path(), "flow.yaml", MESSY);
    write(dir.path(), "clean.yaml", CLEAN);
    assert_cmd_snapshot!(command(dir.path()).args(["fmt", "--diff"]));
    assert_eq!(read(dir.path(), "flow.yaml"), MESSY);
}

#[test]
fn diff_with_check_also_lists_the_files() {
    let dir = tempdir();
    write(dir.path(), "flow.yaml", MESSY);
    let out = fdl(dir.path(), &["fmt", "--check", "--diff"]);
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out).starts_with("--- a/flow.yaml\n+++ b/flow.yaml\n@@ "),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        stderr(&out),
        "Would reformat: flow.yaml\n1 file would be reformatted\n"
    );
    assert_eq!(read(dir.path(), "flow.yaml"), MESSY);

    // Nothing to show: no diff, status 0.
    write(dir.path(), "flow.yaml", CLEAN);
    let out = fdl(dir.path(), &["fmt", "--diff"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), "");
}

#[test]
fn diff_is_coloured_only_when_asked() {
    let dir = tempdir();
    write(dir.path(), "flow.yaml", MESSY);
    let out = fdl(dir.path(), &["fmt", "--diff"]);
    assert!(!stdout(&out).contains('\x1b'));
    let out = run(
        command(dir.path())
            .args(["fmt", "--diff"])
            .env("CLICOLOR_FORCE", "1"),
        None,
    );
    assert!(
        stdout(&out).contains("\x1b[31m-- name: hello\x1b[0m"),
        "{}",
        stdout(&out)
    );
    let out = run(
        command(dir.path())
            .args(["fmt", "--diff", "--no-color"])
            .env("CLICOLOR_FORCE", "1"),
        None,
    );
    assert!(!stdout(&out).contains('\x1b'));
}

#[test]
fn stdin_is_formatted_to_stdout() {
    let dir = tempdir();
    let out = fdl_with_stdin(dir.path(), &["fmt", "-"], Some(MESSY));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), MESSY_FORMATTED);
    assert_eq!(stderr(&out), "");

    // Unchanged text is printed all the same, so an editor can always replace its buffer.
    let out = fdl_with_stdin(dir.path(), &["fmt", "-"], Some(CLEAN));
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), CLEAN);

    // The name alone implies standard input; --check prints nothing on stdout.
    let out = fdl_with_stdin(
        dir.path(),
        &["fmt", "--check", "--stdin-filename", "flows/x.yaml"],
        Some(MESSY),
    );
    assert_eq!(code(&out), 1);
    assert_eq!(stdout(&out), "");
    assert_eq!(stderr(&out), "Would reformat: flows/x.yaml\n");

    let out = fdl_with_stdin(dir.path(), &["fmt", "--check", "-"], Some(CLEAN));
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), "");

    let out = fdl_with_stdin(
        dir.path(),
        &["fmt", "--diff", "-", "--stdin-filename", "x.yaml"],
        Some(MESSY),
    );
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).starts_with("--- a/x.yaml\n+++ b/x.yaml\n"));
}

#[test]
fn stdin_with_syntax_errors_prints_nothing_on_stdout() {
    let dir = tempdir();
    let out = fdl_with_stdin(
        dir.path(),
        &["fmt", "-", "--stdin-filename", "x.yaml"],
        Some(BROKEN),
    );
    assert_eq!(code(&out), 2);
    assert_eq!(stdout(&out), "");
    assert!(stderr(&out).contains("error[FDL001]"), "{}", stderr(&out));
    assert!(
        stderr(&out).ends_with("error: x.yaml: not formatted: it has YAML syntax errors\n"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn syntax_errors_leave_the_file_untouched() {
    let dir = tempdir();
    write(dir.path(), "broken.yaml", BROKEN);
    write(dir.path(), "messy.yaml", MESSY);
    assert_cmd_snapshot!(command(dir.path()).arg("fmt"));
    assert_eq!(read(dir.path(), "broken.yaml"), BROKEN);
    // The other file is formatted all the same.
    assert_eq!(read(dir.path(), "messy.yaml"), MESSY_FORMATTED);
}

#[test]
fn duplicate_keys_are_refused() {
    let dir = tempdir();
    let duplicate = "version: v1\ntype: flow\nsteps:\n- type: pass\n  name: a\n  name: b\n";
    write(dir.path(), "duplicate.yaml", duplicate);
    let out = fdl(dir.path(), &["fmt", "duplicate.yaml"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.starts_with("error[FDL002]: "), "{err}");
    assert!(
        err.contains("\nerror: duplicate.yaml: not formatted: it has YAML syntax errors\n"),
        "{err}"
    );
    assert_eq!(read(dir.path(), "duplicate.yaml"), duplicate);
}

#[test]
fn check_reports_syntax_errors_with_status_2() {
    let dir = tempdir();
    write(dir.path(), "broken.yaml", BROKEN);
    write(dir.path(), "messy.yaml", MESSY);
    let out = fdl(dir.path(), &["fmt", "--check"]);
    // 2 wins over 1.
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("Would reformat: messy.yaml\n"), "{err}");
    assert!(err.ends_with(
        "1 file would be reformatted; 1 path could not be formatted (see the errors above)\n"
    ));
}

#[test]
fn unchanged_files_are_not_rewritten() {
    let dir = tempdir();
    write(dir.path(), "clean.yaml", CLEAN);
    write(dir.path(), "messy.yaml", MESSY);
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    set_mtime(&dir.path().join("clean.yaml"), old);
    set_mtime(&dir.path().join("messy.yaml"), old);

    let out = fdl(dir.path(), &["fmt"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(mtime(&dir.path().join("clean.yaml")), old);
    assert_ne!(mtime(&dir.path().join("messy.yaml")), old);
}

#[cfg(unix)]
#[test]
fn permissions_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir();
    let path = dir.path().join("flow.yaml");
    write(dir.path(), "flow.yaml", MESSY);
    for mode in [0o640, 0o755] {
        std::fs::write(&path, MESSY).expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
        let out = fdl(dir.path(), &["fmt", "flow.yaml"]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert_eq!(read(dir.path(), "flow.yaml"), MESSY_FORMATTED);
        let meta = std::fs::metadata(&path).expect("metadata");
        assert_eq!(meta.permissions().mode() & 0o7777, mode);
    }
}

#[cfg(unix)]
#[test]
fn read_only_files_are_not_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir();
    let path = dir.path().join("flow.yaml");
    write(dir.path(), "flow.yaml", MESSY);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let out = fdl(dir.path(), &["fmt", "flow.yaml"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: flow.yaml: not formatted: the file is read-only\nNo files formatted; 1 path could not be formatted (see the errors above)\n"
    );
    assert_eq!(read(dir.path(), "flow.yaml"), MESSY);
    // `--check` only reads it.
    let out = fdl(dir.path(), &["fmt", "--check", "flow.yaml"]);
    assert_eq!(code(&out), 1);
}

/// A write that fails half-way (here: a file size limit of 0, which even root is held to)
/// leaves the original as it was and no temporary file behind.
#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_leaves_the_original_intact() {
    let dir = tempdir();
    write(dir.path(), "flow.yaml", MESSY);
    let fdl = env!("CARGO_BIN_EXE_fdl");
    // Ignoring SIGXFSZ makes the over-limit write fail with EFBIG instead of killing fdl;
    // an ignored signal stays ignored across `exec`.
    let out = run(
        Command::new("sh")
            .current_dir(dir.path())
            .arg("-c")
            .arg(format!(
                "trap '' XFSZ; ulimit -f 0; exec '{fdl}' fmt flow.yaml"
            )),
        None,
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out)
            .starts_with("error: flow.yaml: could not write the formatted text: file too large"),
        "{}",
        stderr(&out)
    );
    assert_eq!(read(dir.path(), "flow.yaml"), MESSY);
    assert_eq!(listing(dir.path()), ["flow.yaml"]);
}

#[test]
fn crlf_line_endings_are_kept() {
    let dir = tempdir();
    let crlf = MESSY.replace('\n', "\r\n");
    write(dir.path(), "flow.yaml", &crlf);
    let out = fdl(dir.path(), &["fmt"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        read(dir.path(), "flow.yaml"),
        MESSY_FORMATTED.replace('\n', "\r\n")
    );
}

#[test]
fn other_yaml_in_a_folder_is_left_alone_unless_named() {
    let dir = tempdir();
    let config = "name:    demo\nitems:\n- 1\n- 2\n";
    write(dir.path(), "config.yaml", config);
    write(dir.path(), "flow.yaml", MESSY);

    let out = fdl(dir.path(), &["fmt"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stderr(&out), "Formatted 1 file\n");
    assert_eq!(read(dir.path(), "config.yaml"), config);

    // Named explicitly, it is formatted.
    let out = fdl(dir.path(), &["fmt", "config.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        read(dir.path(), "config.yaml"),
        "name: demo\nitems:\n  - 1\n  - 2\n"
    );
}

#[test]
fn folder_walk_honours_gitignore() {
    let dir = tempdir();
    let root = dir.path();
    write(root, ".gitignore", "ignored/\nskip.yaml\n");
    write(root, "ignored/flow.yaml", MESSY);
    write(root, "skip.yaml", MESSY);
    write(root, ".hidden/flow.yaml", MESSY);
    write(root, "flow.yaml", MESSY);

    let out = fdl(root, &["fmt", "--check"]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        stderr(&out),
        "Would reformat: flow.yaml\n1 file would be reformatted\n"
    );

    let out = fdl(root, &["fmt"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(read(root, "flow.yaml"), MESSY_FORMATTED);
    assert_eq!(read(root, "ignored/flow.yaml"), MESSY);
    assert_eq!(read(root, "skip.yaml"), MESSY);
    assert_eq!(read(root, ".hidden/flow.yaml"), MESSY);
}

#[test]
fn empty_folder_warns() {
    let dir = tempdir();
    write(dir.path(), "notes.txt", MESSY);
    let out = fdl(dir.path(), &["fmt"]);
    assert_eq!(code(&out), 0);
    assert_eq!(
        stderr(&out),
        "warning: no flow files found in .\nNo files formatted\n"
    );
}

#[cfg(unix)]
#[test]
fn a_named_symlink_is_followed_and_kept() {
    let dir = tempdir();
    write(dir.path(), "real/flow.yaml", MESSY);
    std::os::unix::fs::symlink("real/flow.yaml", dir.path().join("link.yaml")).expect("symlink");
    let out = fdl(dir.path(), &["fmt", "link.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(read(dir.path(), "real/flow.yaml"), MESSY_FORMATTED);
    let link = std::fs::symlink_metadata(dir.path().join("link.yaml")).expect("lstat");
    assert!(link.file_type().is_symlink());
    assert_eq!(listing(&dir.path().join("real")), ["flow.yaml"]);
}

#[test]
fn missing_paths_exit_2_but_the_rest_is_formatted() {
    let dir = tempdir();
    write(dir.path(), "flow.yaml", MESSY);
    let out = fdl(dir.path(), &["fmt", "missing.yaml", "flow.yaml"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: missing.yaml: no such file or directory\nFormatted 1 file; 1 path could not be formatted (see the errors above)\n"
    );
    assert_eq!(read(dir.path(), "flow.yaml"), MESSY_FORMATTED);
}

#[test]
fn options_reach_the_formatter() {
    let dir = tempdir();
    let reversed = "version: v1\ntype: flow\nsteps:\n  - name: hello\n    type: pass\n";
    let out = fdl_with_stdin(dir.path(), &["fmt", "-", "--no-reorder"], Some(reversed));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), reversed);
    let out = fdl_with_stdin(dir.path(), &["fmt", "-"], Some(reversed));
    assert_eq!(stdout(&out), CLEAN);

    let long = "\
version: v1
type: flow
steps:
  - type: task
    name: call
    resourceArn: acs:fc:cn-hangzhou:123:services/s/functions/f
    retry:
      - errors: [FnF.Timeout, FnF.TaskFailed]
        maxAttempts: 3
";
    let out = fdl_with_stdin(dir.path(), &["fmt", "-"], Some(long));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), long);
    let out = fdl_with_stdin(dir.path(), &["fmt", "-", "--line-width", "30"], Some(long));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let narrow = stdout(&out);
    assert!(
        !narrow.contains("[FnF.Timeout, FnF.TaskFailed]"),
        "{narrow}"
    );
    assert!(narrow.contains("FnF.Timeout,\n"), "{narrow}");
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempdir();
    write(dir.path(), "flow.yaml", MESSY);
    for args in [
        &["fmt", "--line-width", "0"][..],
        &["fmt", "--line-width", "wide"],
        &["fmt", "--stdin-filename", "x.yaml", "flow.yaml"],
    ] {
        let out = fdl(dir.path(), args);
        assert_eq!(code(&out), 2, "{args:?}");
        assert_eq!(stdout(&out), "", "{args:?}");
        assert!(stderr(&out).contains("error"), "{args:?}: {}", stderr(&out));
    }
    assert_eq!(read(dir.path(), "flow.yaml"), MESSY);
}
