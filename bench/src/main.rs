//! `asl-bench`: times the asl interpreter end to end (the `aslplay run` CLI, a separate
//! process) against the peer aws-local-stepfunctions 3.0.0 (`node bench/node/peer.mjs`, the
//! same command line) on the same workloads in the same run, and prints a Markdown table.
//!
//! ```text
//! asl-bench [--reps N] [--only a,b,…] [--aslplay PATH] [--node PATH]
//! ```
//!
//! Each process runs under `/usr/bin/time -f %M` for its peak resident memory (max RSS);
//! its CPU time (user + system, waited-for children included) comes from `wait4`'s resource
//! usage, to the microsecond; the RSS of its whole process tree is sampled too (aslplay runs
//! handlers in a Node.js child); wall time is measured around the process. The two engines alternate, `--reps` times per
//! workload (default 5), and the table reports medians. Outputs are compared: a result where
//! both succeed with different outputs is an error. `bench/run` builds and runs it all.
//!
//! Workloads (b)–(d) at the sizes of the issue record more than AWS's 25,000 history events,
//! so asl fails them with the history limit, as AWS Step Functions would for a STANDARD
//! machine; each is also run at the largest size that fits, and at the issue's size as an
//! EXPRESS machine (`aslplay run --type EXPRESS`), whose history is unlimited.

mod workloads;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use workloads::Workload;

/// One process run: wall seconds, peak RSS in KiB, and the JSON it printed.
struct Sample {
    wall: f64,
    cpu: f64,
    rss_kib: u64,
    result: Value,
}

/// One engine's medians on one workload.
struct Summary {
    status: String,
    wall: f64,
    cpu: f64,
    rss_kib: u64,
    output: Option<Value>,
}

struct Options {
    reps: usize,
    only: Option<Vec<String>>,
    aslplay: PathBuf,
    node: String,
    root: PathBuf,
}

fn main() {
    if let Err(e) = run() {
        eprintln!("asl-bench: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let opts = options()?;
    let work = opts.root.join("target/bench-work");
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let peer = opts.root.join("bench/node/peer.mjs");
    if !opts.aslplay.exists() {
        return Err(format!(
            "{} not found: build it with `cargo build --release -p aslplay`",
            opts.aslplay.display()
        ));
    }

    let (b, c, d) = (
        workloads::fitting(4, 6),
        workloads::fitting(4, 6),
        workloads::fitting(7, 6),
    );
    let all = [
        workloads::pass_chain(10_000),
        workloads::choice_loop(10_000),
        workloads::choice_loop(10_000).express(),
        workloads::choice_loop(b),
        workloads::map_format(100_000),
        workloads::map_format(100_000).express(),
        workloads::map_format(c),
        workloads::map_lambda(10_000),
        workloads::map_lambda(10_000).express(),
        workloads::map_lambda(d),
    ];
    let mut rows = Vec::new();
    for w in all.iter().filter(|w| selected(&opts, w)) {
        let files = write_files(&work, w)?;
        let mut ours = Vec::new();
        let mut theirs = Vec::new();
        for rep in 0..opts.reps {
            eprint!("{} rep {}/{}: ", w.id, rep + 1, opts.reps);
            let mut asl_cmd = Command::new(&opts.aslplay);
            asl_cmd.arg("run").args(files.args());
            if w.express {
                asl_cmd.args(["--type", "EXPRESS"]);
            }
            let s = measure(asl_cmd, &work)?;
            eprint!("asl {:.3}s (cpu {:.3}s) {} KiB; ", s.wall, s.cpu, s.rss_kib);
            ours.push(s);
            let mut peer_cmd = Command::new(&opts.node);
            peer_cmd.arg(&peer).args(files.args());
            let s = measure(peer_cmd, &work)?;
            eprintln!("peer {:.3}s (cpu {:.3}s) {} KiB", s.wall, s.cpu, s.rss_kib);
            theirs.push(s);
        }
        let (ours, theirs) = (summarize(&ours), summarize(&theirs));
        if let (Some(a), Some(b)) = (&ours.output, &theirs.output) {
            if a != b {
                return Err(format!("{}: the two engines' outputs differ", w.id));
            }
        }
        rows.push((w, ours, theirs));
    }

    println!("| workload | history events | asl: status | asl: wall | asl: CPU | asl: peak RSS | peer: status | peer: wall | peer: CPU | peer: peak RSS | peer/asl wall | peer/asl CPU | asl/peer memory |");
    println!("|---|---:|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|");
    for (w, ours, theirs) in &rows {
        let comparable = ours.status == "SUCCEEDED" && theirs.status == "SUCCEEDED";
        let ratio = |a: f64, b: f64, unit: &str| {
            if comparable {
                format!("{:.2}{unit}", a / b)
            } else {
                "n/a".to_string()
            }
        };
        println!(
            "| {} | {} | {} | {:.3} s | {:.3} s | {:.1} MiB | {} | {:.3} s | {:.3} s | {:.1} MiB | {} | {} | {} |",
            w.title,
            w.events,
            ours.status,
            ours.wall,
            ours.cpu,
            ours.rss_kib as f64 / 1024.0,
            theirs.status,
            theirs.wall,
            theirs.cpu,
            theirs.rss_kib as f64 / 1024.0,
            ratio(theirs.wall, ours.wall, "×"),
            ratio(theirs.cpu, ours.cpu.max(1e-3), "×"),
            ratio(ours.rss_kib as f64, theirs.rss_kib as f64, ""),
        );
    }

    println!();
    println!(
        "In-process (this binary, asl library, no CLI): median of {} runs",
        opts.reps
    );
    println!();
    println!("| workload | asl::load | asl::execute, history not kept (as the CLI) | asl::execute, history kept |");
    println!("|---|---:|---:|---:|");
    for w in all
        .iter()
        .filter(|w| selected(&opts, w) && w.handlers.is_none())
    {
        let (load, unkept) = in_process(w, opts.reps, false)?;
        let (_, kept) = in_process(w, opts.reps, true)?;
        println!(
            "| {} | {:.2} ms | {:.2} ms | {:.2} ms |",
            w.title,
            load * 1e3,
            unkept * 1e3,
            kept * 1e3
        );
    }
    Ok(())
}

fn options() -> Result<Options, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or("no repository root")?
        .to_path_buf();
    let mut opts = Options {
        reps: 5,
        only: None,
        aslplay: root.join("target/release/aslplay"),
        node: "node".into(),
        root,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--reps" => opts.reps = value()?.parse().map_err(|e| format!("--reps: {e}"))?,
            "--only" => opts.only = Some(value()?.split(',').map(String::from).collect()),
            "--aslplay" => opts.aslplay = value()?.into(),
            "--node" => opts.node = value()?,
            _ => return Err(format!("unknown argument {a}")),
        }
    }
    if opts.reps == 0 {
        return Err("--reps must be at least 1".into());
    }
    Ok(opts)
}

fn selected(opts: &Options, w: &Workload) -> bool {
    opts.only.as_ref().is_none_or(|only| {
        only.iter()
            .any(|o| w.id == *o || w.id.split('-').next() == Some(o.as_str()))
    })
}

/// The files of one workload on disk.
struct Files {
    definition: PathBuf,
    input: PathBuf,
    handlers: Option<PathBuf>,
}

impl Files {
    /// `--definition F --input F [--handlers F]`, the command line both engines take.
    fn args(&self) -> Vec<&std::ffi::OsStr> {
        let mut v = vec![
            "--definition".as_ref(),
            self.definition.as_os_str(),
            "--input".as_ref(),
            self.input.as_os_str(),
        ];
        if let Some(h) = &self.handlers {
            v.extend(["--handlers".as_ref(), h.as_os_str()]);
        }
        v
    }
}

fn write_files(dir: &Path, w: &Workload) -> Result<Files, String> {
    let write = |name: &str, v: &Value| {
        let p = dir.join(format!("{}.{name}.json", w.id));
        std::fs::write(&p, v.to_string()).map_err(|e| format!("{}: {e}", p.display()))?;
        Ok::<_, String>(p)
    };
    Ok(Files {
        definition: write("definition", &w.definition)?,
        input: write("input", &w.input)?,
        handlers: w
            .handlers
            .as_ref()
            .map(|h| write("handlers", h))
            .transpose()?,
    })
}

/// Runs one process and reads its wall time, CPU time, peak RSS and output.
///
/// The process runs under `/usr/bin/time -f %M` for its max RSS (a small parent, so the
/// figure is the command's own: a child forked from this large process would inherit its
/// RSS high-water mark). CPU time (user + system) comes from `wait4`'s resource usage of
/// `/usr/bin/time`, which includes the command and the descendants it waited for, to the
/// microsecond (`/usr/bin/time`'s own `%U %S` round to 10 ms, too coarse for runs of a few
/// ms; its own share is well under a millisecond). Since max RSS is the largest of any one
/// process, the resident memory of the whole process tree (aslplay and its Node.js handler
/// host) is also summed every 5 ms while the command runs; the peak RSS reported is the
/// larger of the two.
fn measure(cmd: Command, dir: &Path) -> Result<Sample, String> {
    let rss_file = dir.join("time.out");
    let mut timed = Command::new("/usr/bin/time");
    timed
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&rss_file)
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = timed
        .spawn()
        .map_err(|e| format!("/usr/bin/time (apt-get install time): {e}"))?;
    let pid = child.id() as libc::pid_t;
    let mut stdout = child.stdout.take().ok_or("no stdout")?;
    let mut stderr = child.stderr.take().ok_or("no stderr")?;
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = stdout.read_to_end(&mut v);
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = stderr.read_to_end(&mut v);
        v
    });
    let mut tree_peak_kib = 0;
    // SAFETY: `rusage` is plain data; `wait4` fills it for our own child, which `Child`
    // will not wait for again.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let mut status = 0;
    loop {
        let tree: u64 = descendants(child.id()).into_iter().map(rss_kib).sum();
        tree_peak_kib = tree_peak_kib.max(tree);
        // SAFETY: as above.
        let done = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if done == pid {
            break;
        }
        if done < 0 {
            return Err(format!("wait4: {}", std::io::Error::last_os_error()));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let wall = start.elapsed().as_secs_f64();
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let cpu = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    let rss = std::fs::read_to_string(&rss_file).map_err(|e| format!("time output: {e}"))?;
    let single_kib = rss
        .lines()
        .filter_map(|l| l.trim().parse::<u64>().ok())
        .next_back()
        .ok_or_else(|| format!("no max RSS in /usr/bin/time's output: {rss}"))?;
    let stdout = out_reader.join().map_err(|_| "stdout reader panicked")?;
    let stderr = err_reader.join().map_err(|_| "stderr reader panicked")?;
    let stderr = String::from_utf8_lossy(&stderr);
    let result = match serde_json::from_slice(&stdout) {
        Ok(v) => v,
        // aslplay refuses an input over StartExecution's 256 KiB before running, as AWS does.
        Err(_) if stdout.is_empty() && stderr.contains("input too large") => {
            serde_json::json!({"status": "REFUSED", "error": "INPUT_TOO_LARGE"})
        }
        Err(e) => {
            return Err(format!(
                "{:?}: output is not JSON ({e}); stderr: {stderr}",
                cmd.get_program()
            ))
        }
    };
    Ok(Sample {
        wall,
        cpu,
        rss_kib: single_kib.max(tree_peak_kib),
        result,
    })
}

/// Every process below `pid` (not `pid` itself), from `/proc/PID/task/*/children`.
fn descendants(pid: u32) -> Vec<u32> {
    let mut out = Vec::new();
    let mut todo = vec![pid];
    while let Some(p) = todo.pop() {
        let Ok(tasks) = std::fs::read_dir(format!("/proc/{p}/task")) else {
            continue;
        };
        for task in tasks.flatten() {
            let children =
                std::fs::read_to_string(task.path().join("children")).unwrap_or_default();
            for c in children.split_whitespace().filter_map(|c| c.parse().ok()) {
                out.push(c);
                todo.push(c);
            }
        }
    }
    out
}

/// A process's resident memory in KiB (0 once it is gone).
fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn summarize(samples: &[Sample]) -> Summary {
    let first = &samples[0].result;
    let status = first["status"].as_str().unwrap_or("?").to_string();
    let status = match (first["error"].as_str(), first["cause"].as_str()) {
        (Some("States.DataLimitExceeded"), _) => format!("{status} (256 KiB payload limit)"),
        (Some("INPUT_TOO_LARGE"), _) => format!("{status} (input over StartExecution's 256 KiB)"),
        (_, Some(c)) if c.contains("limit") => format!("{status} (history limit)"),
        _ => status,
    };
    Summary {
        output: first.get("output").cloned(),
        status,
        wall: median(samples.iter().map(|s| s.wall).collect()),
        cpu: median(samples.iter().map(|s| s.cpu).collect()),
        rss_kib: median(samples.iter().map(|s| s.rss_kib as f64).collect()) as u64,
    }
}

/// Median seconds of `asl::load` (from the definition's text) and `asl::execute` in this
/// process, on a virtual clock, for a workload without Lambda functions; the history is kept
/// if `keep_history`.
fn in_process(w: &Workload, reps: usize, keep_history: bool) -> Result<(f64, f64), String> {
    use asl::host::{
        Invocation, InvocationOutcome, InvocationResult, LocalBoxFuture, SplitMix64, TaskRunner,
        VirtualClock,
    };
    /// No Lambda functions in these workloads: any invocation fails.
    struct NoTasks;
    impl TaskRunner for NoTasks {
        fn invoke(&self, _: Invocation) -> LocalBoxFuture<'_, InvocationResult> {
            Box::pin(async {
                InvocationResult {
                    metrics: Default::default(),
                    outcome: InvocationOutcome::Failed {
                        error_type: "Unexpected".into(),
                        error_message: "no Lambda functions in the benchmark".into(),
                        trace: vec![],
                    },
                    logs: vec![],
                    duration_ms: 0.0,
                }
            })
        }
    }
    let text = w.definition.to_string();
    let (mut loads, mut execs) = (Vec::new(), Vec::new());
    for _ in 0..reps {
        let start = Instant::now();
        let definition = asl::load(&text).map_err(|d| asl::render_diagnostics(&text, &d))?;
        loads.push(start.elapsed().as_secs_f64());
        let clock = VirtualClock::new(1_700_000_000_000);
        let rng = SplitMix64::new(7);
        let host = asl::Host::new(&NoTasks, &clock, &rng);
        let mut config = asl::ExecutionConfig::new("Bench", "run");
        config.keep_history = keep_history;
        if w.express {
            config.machine_type = asl::MachineType::Express;
        }
        let start = Instant::now();
        let execution = asl::block_on(asl::execute(&definition, w.input.clone(), &config, host));
        execs.push(start.elapsed().as_secs_f64());
        std::hint::black_box(execution);
    }
    Ok((median(loads), median(execs)))
}
