//! `fdl-bench`: the project's benchmark. `cargo run --release -p fdl-bench` prints a report;
//! `fdl-bench gen SEED [BYTES | --steps N]` prints one generated flow (for other benchmarks
//! and for looking at what the generator writes).

use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use rayon::prelude::*;

/// Files in the folder benchmarks, and the size of each.
const FILES: usize = 1000;
const FILE_BYTES: usize = 8192;
/// Top-level steps of the one large flow.
const BIG_STEPS: usize = 2000;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None => match report() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("fdl-bench: {e}");
                ExitCode::from(2)
            }
        },
        Some("gen") => generate(&args[1..]),
        Some(_) => {
            eprintln!(
                "usage: fdl-bench                          run the benchmarks and print a report\n       fdl-bench gen SEED [BYTES]          print a flow of about BYTES bytes (default 8192)\n       fdl-bench gen SEED --steps N        print a flow with N top-level steps"
            );
            ExitCode::from(2)
        }
    }
}

fn generate(args: &[String]) -> ExitCode {
    let number = |s: Option<&String>| s.and_then(|s| s.parse::<u64>().ok());
    let Some(seed) = number(args.first()) else {
        eprintln!("fdl-bench gen: expected a seed (a number)");
        return ExitCode::from(2);
    };
    let text = match args.get(1).map(String::as_str) {
        Some("--steps") => match number(args.get(2)) {
            Some(n) => fdl_bench::flow_with_steps(seed, n as usize),
            None => {
                eprintln!("fdl-bench gen: --steps needs a number");
                return ExitCode::from(2);
            }
        },
        Some(_) => match number(args.get(1)) {
            Some(bytes) => fdl_bench::flow(seed, bytes as usize),
            None => {
                eprintln!("fdl-bench gen: BYTES must be a number");
                return ExitCode::from(2);
            }
        },
        None => fdl_bench::flow(seed, FILE_BYTES),
    };
    print!("{text}");
    ExitCode::SUCCESS
}

/// The shortest of `runs` timed runs of `f`, after one untimed warm-up run.
fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut out = f();
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let start = Instant::now();
        out = f();
        best = best.min(start.elapsed());
    }
    (best, out)
}

fn mb_per_s(bytes: usize, time: Duration) -> f64 {
    bytes as f64 / 1e6 / time.as_secs_f64()
}

fn ms(time: Duration) -> f64 {
    time.as_secs_f64() * 1e3
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".to_string())
}

/// A temporary folder removed on drop, even when the benchmark fails half-way.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Reads and checks every file; returns the number of diagnostics (0 expected).
fn check_files(paths: &[PathBuf], parallel: bool) -> Result<usize, String> {
    let one = |path: &PathBuf| -> Result<usize, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(fdl_check::check_source(&text).len())
    };
    if parallel {
        paths.par_iter().map(one).try_reduce(|| 0, |a, b| Ok(a + b))
    } else {
        paths.iter().map(one).sum()
    }
}

/// What formatting a set of files found: how many would change, and the first refusal (a
/// syntax error or a guard failure) with the number of refusals.
#[derive(Default)]
struct FmtTally {
    changed: usize,
    refused: usize,
    first_refusal: Option<String>,
}

impl FmtTally {
    fn add(mut self, other: FmtTally) -> FmtTally {
        self.changed += other.changed;
        self.refused += other.refused;
        self.first_refusal = self.first_refusal.or(other.first_refusal);
        self
    }
}

/// What `fdl fmt --check` does per file: read it, format it (with the guard's extra parses and
/// second format), compare. Nothing is written.
fn fmt_files(
    paths: &[PathBuf],
    parallel: bool,
    options: &fdl_fmt::Options,
) -> Result<FmtTally, String> {
    let one = |path: &PathBuf| -> Result<FmtTally, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(fmt_one(&path.display().to_string(), &text, options))
    };
    if parallel {
        paths
            .par_iter()
            .map(one)
            .try_reduce(FmtTally::default, |a, b| Ok(a.add(b)))
    } else {
        paths
            .iter()
            .map(one)
            .try_fold(FmtTally::default(), |a, b| Ok(a.add(b?)))
    }
}

fn fmt_one(name: &str, text: &str, options: &fdl_fmt::Options) -> FmtTally {
    match fdl_fmt::format(text, options) {
        Ok(formatted) => FmtTally {
            changed: usize::from(formatted != text),
            ..FmtTally::default()
        },
        Err(e) => FmtTally {
            refused: 1,
            first_refusal: Some(format!("{name}: {e:?}")),
            ..FmtTally::default()
        },
    }
}

/// The best of `runs` runs of the `fdl` binary with `args` (after one warm-up run), and the
/// exit code of the last.
fn time_cli(
    fdl: &PathBuf,
    args: &[&std::ffi::OsStr],
    runs: usize,
) -> Result<(Duration, Option<i32>), String> {
    let run = || -> Result<Option<i32>, String> {
        let status = Command::new(fdl)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| format!("{}: {e}", fdl.display()))?;
        Ok(status.code())
    };
    let mut best = Duration::MAX;
    let mut code = run()?;
    for _ in 0..runs {
        let start = Instant::now();
        code = run()?;
        best = best.min(start.elapsed());
    }
    Ok((best, code))
}

/// The `fdl` binary built next to this one (`target/release/fdl`), if any.
fn fdl_binary() -> Option<PathBuf> {
    let beside = std::env::current_exe().ok()?.parent()?.join("fdl");
    [beside, PathBuf::from("target/release/fdl")]
        .into_iter()
        .find(|p| p.is_file())
}

/// The end-to-end runs of the `fdl` binary on the generated folder.
struct Cli {
    fdl: PathBuf,
    check_time: Duration,
    check_code: Option<i32>,
    fmt_time: Duration,
    fmt_code: Option<i32>,
}

fn report() -> Result<(), String> {
    let threads = rayon::current_num_threads();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cpu = cpu_model();
    println!("fdl-bench: {cores} cores (nproc), {threads} rayon threads, {cpu}");
    if cfg!(debug_assertions) {
        println!("warning: a debug build; figures are meaningful only with --release");
    }
    println!();

    let dir = TempDir(std::env::temp_dir().join(format!("fdl-bench-{}", std::process::id())));
    std::fs::create_dir_all(&dir.0).map_err(|e| format!("{}: {e}", dir.0.display()))?;
    let mut paths = Vec::with_capacity(FILES);
    let mut total = 0;
    for seed in 0..FILES {
        let text = fdl_bench::flow(seed as u64, FILE_BYTES);
        total += text.len();
        let path = dir.0.join(format!("flow-{seed:04}.yaml"));
        std::fs::write(&path, &text).map_err(|e| format!("{}: {e}", path.display()))?;
        paths.push(path);
    }
    let mb = total as f64 / 1e6;

    let (par, par_diags) = best_of(5, || check_files(&paths, true));
    let par_diags = par_diags?;
    let (seq, seq_diags) = best_of(5, || check_files(&paths, false));
    let seq_diags = seq_diags?;

    let big = fdl_bench::flow_with_steps(1, BIG_STEPS);
    let (parse, parse_errors) = best_of(5, || fdl_syntax::parse(&big).errors.len());
    let (check, big_diags) = best_of(5, || fdl_check::check_source(&big).len());

    let fmt_options = fdl_fmt::Options::default();
    let (fmt_par, fmt_par_tally) = best_of(5, || fmt_files(&paths, true, &fmt_options));
    let fmt_par_tally = fmt_par_tally?;
    let (fmt_seq, fmt_seq_tally) = best_of(5, || fmt_files(&paths, false, &fmt_options));
    let fmt_seq_tally = fmt_seq_tally?;
    let (fmt_big, fmt_big_tally) = best_of(5, || fmt_one("the large flow", &big, &fmt_options));

    let row = |what: &str, time: Duration, bytes: usize, per_core: Option<f64>| {
        let speed = mb_per_s(bytes, time);
        let per_core = per_core.map_or(String::new(), |d| format!(" {:>10.1}", speed / d));
        println!("{what:<56} {:>10.2} {:>10.1}{per_core}", ms(time), speed);
    };
    println!(
        "{:<56} {:>10} {:>10} {:>10}",
        "benchmark (best of 5)", "ms", "MB/s", "MB/s/core"
    );
    println!("{}", "-".repeat(89));
    let folder = format!("{FILES} files, {mb:.2} MB, read + check");
    row(
        &format!("{folder}, {threads} threads"),
        par,
        total,
        Some(threads as f64),
    );
    row(&format!("{folder}, 1 thread"), seq, total, Some(1.0));
    let big_what = format!(
        "1 flow, {BIG_STEPS} top-level steps, {:.2} MB",
        big.len() as f64 / 1e6
    );
    row(&format!("{big_what}: parse"), parse, big.len(), None);
    row(&format!("{big_what}: check"), check, big.len(), None);
    let fmt_folder = format!("{FILES} files, {mb:.2} MB, read + format (--check)");
    row(
        &format!("{fmt_folder}, {threads} threads"),
        fmt_par,
        total,
        Some(threads as f64),
    );
    row(
        &format!("{fmt_folder}, 1 thread"),
        fmt_seq,
        total,
        Some(1.0),
    );
    row(&format!("{big_what}: format"), fmt_big, big.len(), None);

    let cli = match fdl_binary() {
        Some(fdl) => {
            let dir_arg = dir.0.as_os_str();
            let (check_time, check_code) = time_cli(
                &fdl,
                &[
                    "check".as_ref(),
                    "--format".as_ref(),
                    "json".as_ref(),
                    dir_arg,
                ],
                3,
            )?;
            println!(
                "{:<56} {:>10.2} {:>10.1}",
                "`fdl check --format json DIR`, best of 3",
                ms(check_time),
                mb_per_s(total, check_time)
            );
            let (fmt_time, fmt_code) =
                time_cli(&fdl, &["fmt".as_ref(), "--check".as_ref(), dir_arg], 3)?;
            println!(
                "{:<56} {:>10.2} {:>10.1}",
                "`fdl fmt --check DIR`, best of 3",
                ms(fmt_time),
                mb_per_s(total, fmt_time)
            );
            Some(Cli {
                fdl,
                check_time,
                check_code,
                fmt_time,
                fmt_code,
            })
        }
        None => {
            println!(
                "`fdl check` and `fdl fmt` on the folder: skipped, no target/release/fdl; build it with\n  cargo build --release -p fdl-cli"
            );
            None
        }
    };
    println!();
    let diag_total = par_diags + seq_diags + big_diags + parse_errors;
    if diag_total == 0 {
        println!("all generated flows checked clean (no diagnostics, no syntax errors)");
    } else {
        println!(
            "NOTE: generated flows gave diagnostics: {} per folder run, {big_diags} on the large flow, {parse_errors} syntax errors; run the fdl-bench tests to see them",
            par_diags
        );
    }
    if let Some(cli) = &cli
        && cli.check_code != Some(0)
    {
        println!(
            "NOTE: {} check exited with {:?} on the folder",
            cli.fdl.display(),
            cli.check_code
        );
    }
    let refused = fmt_par_tally.refused + fmt_seq_tally.refused + fmt_big_tally.refused;
    if refused > 0 {
        let first = [&fmt_par_tally, &fmt_big_tally]
            .into_iter()
            .find_map(|t| t.first_refusal.as_deref())
            .unwrap_or("");
        println!("NOTE: the formatter refused {refused} generated flows; the first: {first}");
    } else {
        println!(
            "the formatter accepted every generated flow; {} of {FILES} files (and {} the large flow) are not in canonical form, so `--check` would report them",
            fmt_par_tally.changed,
            if fmt_big_tally.changed > 0 {
                "also"
            } else {
                "not"
            }
        );
    }
    // `fdl fmt --check` exits 1 when a file would change, 0 when none would.
    let expected_fmt_code = Some(i32::from(fmt_par_tally.changed > 0));
    if let Some(cli) = &cli
        && (refused > 0 || cli.fmt_code != expected_fmt_code)
    {
        println!(
            "NOTE: {} fmt --check exited with {:?} on the folder",
            cli.fdl.display(),
            cli.fmt_code
        );
    }

    println!();
    println!("README-ready:");
    println!();
    println!("Measured with `cargo run --release -p fdl-bench` on {cores} cores ({cpu}):");
    println!();
    println!(
        "- {FILES} generated flows of ~{} KB ({mb:.1} MB), read from disk and checked: {:.0} ms on {threads} threads ({:.0} MB/s, {:.0} MB/s per core); {:.0} ms on one thread ({:.0} MB/s).",
        FILE_BYTES / 1024,
        ms(par),
        mb_per_s(total, par),
        mb_per_s(total, par) / threads as f64,
        ms(seq),
        mb_per_s(total, seq)
    );
    println!(
        "- One {:.1} MB flow with {BIG_STEPS} top-level steps: parsed in {:.1} ms ({:.0} MB/s), fully checked in {:.1} ms ({:.0} MB/s).",
        big.len() as f64 / 1e6,
        ms(parse),
        mb_per_s(big.len(), parse),
        ms(check),
        mb_per_s(big.len(), check)
    );
    println!(
        "- Formatting (`fdl fmt --check` through the library: read, format, guard, compare) the same {FILES} flows: {:.0} ms on {threads} threads ({:.0} MB/s), {:.0} ms on one thread ({:.0} MB/s); the {:.1} MB flow: {:.1} ms ({:.0} MB/s).",
        ms(fmt_par),
        mb_per_s(total, fmt_par),
        ms(fmt_seq),
        mb_per_s(total, fmt_seq),
        big.len() as f64 / 1e6,
        ms(fmt_big),
        mb_per_s(big.len(), fmt_big)
    );
    if let Some(cli) = cli {
        println!(
            "- `fdl check --format json` on the {FILES}-file folder, end to end (process start, walk, read, check, JSON): {:.0} ms ({:.0} MB/s).",
            ms(cli.check_time),
            mb_per_s(total, cli.check_time)
        );
        println!(
            "- `fdl fmt --check` on the {FILES}-file folder, end to end (process start, walk, read, format, guard, compare): {:.0} ms ({:.0} MB/s).",
            ms(cli.fmt_time),
            mb_per_s(total, cli.fmt_time)
        );
    }
    Ok(())
}
