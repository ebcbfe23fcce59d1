//! `report.html` in a real headless Chromium: the page's script runs without errors, the
//! summary shows the counts we put in, and a filter preset in the URL hash
//! (`#kind=possible_duplicate`) leaves only those conflicts on screen. A screenshot is
//! left in `target/report-screenshot.png` for humans.
//!
//! Skipped (with a message) only when no Chromium is installed; `.ci/run` installs it.

mod report_fixture;

use report_fixture::{POSSIBLE_DUPLICATES, XSS, data};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A hung browser fails the test instead of hanging CI.
const TIMEOUT: Duration = Duration::from_secs(30);

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .chain([PathBuf::from("/usr/bin/chromium")])
        .find(|p| p.is_file())
}

struct Run {
    stdout: String,
    stderr: String,
}

/// Run Chromium headless with a fresh profile; kill its whole process group on timeout.
fn run(browser: &Path, extra: &[&str], url: &str) -> Run {
    use std::os::unix::process::CommandExt;
    let profile = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let (stdout_path, stderr_path) = (out.path().join("stdout"), out.path().join("stderr"));
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=3000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout_path).unwrap())
        .stderr(std::fs::File::create(&stderr_path).unwrap())
        .process_group(0)
        .spawn()
        .expect("start chromium");
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > TIMEOUT {
            // The launcher is a shell script; the browser is its child, in our group.
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.wait();
            panic!(
                "chromium did not finish within {TIMEOUT:?}; stderr:\n{}",
                std::fs::read_to_string(&stderr_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Run {
        stdout: std::fs::read_to_string(&stdout_path).unwrap(),
        stderr: std::fs::read_to_string(&stderr_path).unwrap(),
    }
}

/// Every start tag `<name …>` in the DOM dump.
fn tags<'a>(dom: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name} ");
    dom.match_indices(&open)
        .filter_map(|(i, _)| dom[i..].find('>').map(|end| &dom[i..i + end + 1]))
        .collect()
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// (data-value, text) of the element with `data-count="key"`.
fn count(dom: &str, key: &str) -> Option<(u64, String)> {
    let at = dom.find(&format!("data-count=\"{key}\""))?;
    let tag_start = dom[..at].rfind('<')?;
    let tag_end = at + dom[at..].find('>')?;
    let value = attr(&dom[tag_start..=tag_end], "data-value")?
        .parse()
        .ok()?;
    let text_end = tag_end + 1 + dom[tag_end + 1..].find('<')?;
    Some((value, dom[tag_end + 1..text_end].trim().to_string()))
}

/// Console messages Chromium wrote to stderr (`…:INFO:CONSOLE(12)] "…"`).
fn console_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught") || l.contains("console.error"))
        .collect()
}

#[test]
fn report_runs_in_headless_chromium() {
    let Some(browser) = chromium() else {
        println!("skipped: no chromium (install the Debian package `chromium`)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.html");
    std::fs::write(&file, sapnhap::output::html::render(&data()).unwrap()).unwrap();
    let url = format!("file://{}", file.display());

    let run_dom = run(
        &browser,
        &["--dump-dom"],
        &format!("{url}#kind=possible_duplicate"),
    );
    let dom = &run_dom.stdout;
    assert!(
        dom.contains("</html>"),
        "no DOM dumped; stderr:\n{}",
        run_dom.stderr
    );

    // The script ran to the end and counted no errors.
    let body = tags(dom, "body");
    let body = body.first().expect("body tag");
    assert_eq!(
        attr(body, "data-ready"),
        Some("1"),
        "script did not finish: {body}"
    );
    assert_eq!(attr(body, "data-js-errors"), Some("0"), "{body}");
    let console = console_lines(&run_dom.stderr);
    assert!(
        console.is_empty(),
        "console output:\n{}",
        console.join("\n")
    );

    // The summary shows what we put in, in Vietnamese number format.
    let c = report_fixture::counts();
    for (key, want, shown) in [
        ("read", c.read, "1.250"),
        ("kept", c.kept, "1.100"),
        ("merged", c.merged, "130"),
        ("rejected", c.rejected, "20"),
        ("persons", c.persons, "1.100"),
        ("staff_rows", c.staff_rows, "900"),
        ("party_rows", c.party_rows, "650"),
    ] {
        assert_eq!(count(dom, key), Some((want, shown.to_string())), "{key}");
    }

    // Only possible duplicates are on screen after the hash filter.
    let articles = tags(dom, "article");
    let visible: Vec<&&str> = articles
        .iter()
        .filter(|t| attr(t, "hidden").is_none() && !t.contains(" hidden"))
        .collect();
    assert_eq!(visible.len(), POSSIBLE_DUPLICATES, "{visible:#?}");
    for t in &visible {
        assert_eq!(attr(t, "data-kind"), Some("possible_duplicate"), "{t}");
    }
    assert_eq!(
        count(dom, "filtered").map(|(v, _)| v),
        Some(POSSIBLE_DUPLICATES as u64)
    );
    // The kind select follows the hash.
    assert!(dom.contains("Có thể trùng người (3)"));

    // A hostile name in a rendered record is text, not markup.
    assert!(!dom.contains(XSS));
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"));
    // Records side by side: the differing unit row is highlighted, the equal gender row not.
    assert!(dom.contains(r#"<tr class="diff" title="khác nhau"><th>Tên đơn vị mới</th>"#));
    assert!(dom.contains("<tr><th>Giới tính</th>"));

    // A large run: 10,000 conflicts, paged 100 at a time; the hash picks the last page.
    let mut big = data();
    big.conflicts = report_fixture::many(10_000);
    let dups = big
        .conflicts
        .iter()
        .filter(|c| c.kind.as_str() == "possible_duplicate")
        .count();
    let big_file = dir.path().join("big.html");
    std::fs::write(&big_file, sapnhap::output::html::render(&big).unwrap()).unwrap();
    let last = dups.div_ceil(100);
    let run_big = run(
        &browser,
        &["--dump-dom"],
        &format!(
            "file://{}#kind=possible_duplicate&page={last}",
            big_file.display()
        ),
    );
    let dom = &run_big.stdout;
    let body = tags(dom, "body");
    let body = body.first().expect("body tag");
    assert_eq!(attr(body, "data-js-errors"), Some("0"), "{body}");
    println!(
        "10,000 conflicts: list ready after {} ms",
        attr(body, "data-ready-ms").unwrap_or("?")
    );
    let articles = tags(dom, "article");
    assert_eq!(articles.len(), dups - (last - 1) * 100);
    assert!(
        articles
            .iter()
            .all(|t| attr(t, "data-kind") == Some("possible_duplicate"))
    );
    assert_eq!(count(dom, "filtered").map(|(v, _)| v), Some(dups as u64));
    assert!(dom.contains(&format!("Trang {last} / {last}")));

    // A screenshot of the top of the page, for people.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    let shot = target.join("report-screenshot.png");
    let _ = std::fs::remove_file(&shot);
    let run_shot = run(
        &browser,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1400,1000",
            "--hide-scrollbars",
        ],
        &url,
    );
    let size = std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0);
    assert!(size > 10_000, "no screenshot; stderr:\n{}", run_shot.stderr);
    let console = console_lines(&run_shot.stderr);
    assert!(
        console.is_empty(),
        "console output:\n{}",
        console.join("\n")
    );
}

/// The sample's own report, as `merge` writes it: no console errors, the summary equals
/// `run.json`, and a kind filter shows only that kind.
#[test]
fn sample_report_matches_run_json() {
    let Some(browser) = chromium() else {
        println!("skipped: no chromium (install the Debian package `chromium`)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_sapnhap"))
        .args(["merge", "samples/hai-phong", "--quiet", "--out"])
        .arg(&out)
        .env_remove("SAPNHAP_LANG")
        .status()
        .unwrap();
    assert!(status.success());
    let run_json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    let kind = "field_disagreement";
    let url = format!("file://{}#kind={kind}", out.join("report.html").display());
    let r = run(&browser, &["--dump-dom"], &url);
    let dom = &r.stdout;
    assert!(
        dom.contains("</html>"),
        "no DOM dumped; stderr:\n{}",
        r.stderr
    );
    let body = tags(dom, "body");
    let body = body.first().expect("body tag");
    assert_eq!(attr(body, "data-ready"), Some("1"), "{body}");
    assert_eq!(attr(body, "data-js-errors"), Some("0"), "{body}");
    assert!(console_lines(&r.stderr).is_empty(), "{}", r.stderr);
    for key in [
        "read",
        "kept",
        "merged",
        "rejected",
        "persons",
        "staff_rows",
        "party_rows",
    ] {
        let want = run_json["counts"][key].as_u64().unwrap();
        assert_eq!(count(dom, key).map(|(v, _)| v), Some(want), "{key}");
    }
    let want = run_json["conflicts"][kind]["warning"].as_u64().unwrap();
    let visible: Vec<&str> = tags(dom, "article")
        .into_iter()
        .filter(|t| attr(t, "hidden").is_none() && !t.contains(" hidden"))
        .collect();
    assert_eq!(visible.len() as u64, want.min(100), "first page of {want}");
    assert!(visible.iter().all(|t| attr(t, "data-kind") == Some(kind)));
    // Records and evidence travel by position (each record once, field names and
    // levels as places in the word lists); the page shows them as words.
    assert!(
        dom.contains(r#"<th class="ref">HD:party:"#),
        "no records side by side"
    );
    assert!(dom.contains("<th>Họ và tên</th>"));
    assert!(
        dom.contains(r#"<td class="lv">trùng khớp</td>"#),
        "no evidence levels"
    );
    let shot = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/sample-report.png");
    let _ = run(
        &browser,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1400,2000",
        ],
        &url,
    );
    assert!(shot.exists());
}
