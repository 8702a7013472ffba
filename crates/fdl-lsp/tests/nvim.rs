//! End-to-end: Neovim, run headless, edits a flow with `fdl lsp` attached (the script is
//! tests/nvim/e2e.lua). Skipped, with a message, when `nvim` is missing outside CI; in CI
//! (`CI` set) a missing `nvim` fails the test.
//!
//! The server command is `FDL_LSP_SERVER` (a JSON list such as `["fdl", "lsp"]`) when set;
//! otherwise `fdl lsp` from this workspace, built on the spot.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const FLOW: &str = "\
version: v1
type: flow
# 订单处理流程：先检查金额，再分流
steps:
  - type: pass
    name: 开始处理
  - type: choice
    name: 检查金额
    choices:
      - condition: $.amount > 100
        goto: 大额订单
      - condition: $.amount < 0
        goto: 结束
    default:
      goto: 结東
  - type: pass
    name: 大额订单
    end: true
  - type: pass
    name: 结束
";

fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty())
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The server command: `FDL_LSP_SERVER`, or this workspace's `fdl lsp` (built now, so the
/// test never runs a stale binary).
fn server_command() -> Vec<String> {
    if let Ok(cmd) = std::env::var("FDL_LSP_SERVER") {
        return serde_json::from_str(&cmd)
            .unwrap_or_else(|e| panic!("FDL_LSP_SERVER must be a JSON list of strings: {e}"));
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let status = Command::new(&cargo)
        .args(["build", "--quiet", "-p", "fdl-cli", "--bin", "fdl"])
        .current_dir(workspace())
        .status()
        .unwrap_or_else(|e| panic!("cannot run {cargo}: {e}"));
    assert!(status.success(), "building `fdl` failed");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target"));
    let fdl = target
        .join("debug")
        .join(format!("fdl{}", std::env::consts::EXE_SUFFIX));
    assert!(fdl.is_file(), "{} was not built", fdl.display());
    vec![fdl.display().to_string(), "lsp".to_string()]
}

#[test]
fn neovim_edits_a_flow_with_the_server() {
    if Command::new("nvim")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_err()
    {
        assert!(
            !in_ci(),
            "nvim is not installed, and CI is set: the end-to-end test cannot run"
        );
        eprintln!(
            "SKIPPED neovim_edits_a_flow_with_the_server: nvim is not installed (apt-get install -y neovim)"
        );
        return;
    }
    // The flow starts with exactly one mistake, the goto typo the script fixes first.
    let codes: Vec<&str> = fdl_check::check_source(FLOW)
        .iter()
        .map(|d| d.code)
        .collect();
    assert_eq!(codes, ["FDL201"]);

    let dir = tempfile::tempdir().unwrap();
    let flow = dir.path().join("订单.yaml");
    std::fs::write(&flow, FLOW).unwrap();
    let log = dir.path().join("nvim.log");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/nvim/e2e.lua");
    let server = serde_json::to_string(&server_command()).unwrap();

    let mut nvim = Command::new("nvim")
        .args(["--headless", "--clean", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("FDL_NVIM_SERVER", &server)
        .env("FDL_NVIM_FLOW", &flow)
        .env("FDL_NVIM_LOG", &log)
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nvim starts");
    let deadline = Instant::now() + Duration::from_secs(180);
    let status = loop {
        if let Some(status) = nvim.try_wait().unwrap() {
            break Some(status);
        }
        if Instant::now() > deadline {
            let _ = nvim.kill();
            let _ = nvim.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let progress = std::fs::read_to_string(&log).unwrap_or_default();
    let mut stderr = String::new();
    if let Some(mut e) = nvim.stderr.take() {
        use std::io::Read;
        let _ = e.read_to_string(&mut stderr);
    }
    eprintln!("--- Neovim's progress ---\n{progress}--- stderr ---\n{stderr}");
    let status = status.expect("Neovim did not finish within 3 minutes");
    assert!(
        status.success() && progress.lines().last() == Some("PASS"),
        "the end-to-end test failed ({status})"
    );

    // What Neovim saved: renamed, formatted, clean.
    let saved = std::fs::read_to_string(&flow).unwrap();
    assert!(
        saved.contains("name: 完成") && !saved.contains("结束"),
        "{saved}"
    );
    assert_eq!(fdl_check::check_source(&saved), Vec::new(), "{saved}");
    assert_eq!(
        fdl_fmt::format(&saved, &fdl_fmt::Options::default()).as_deref(),
        Ok(saved.as_str()),
        "the saved flow is formatted"
    );
}
