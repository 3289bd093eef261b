//! `bgsim`: run a scenario file and print its events as plain text, dasd console lines or JSON.
//!
//! ```text
//! bgsim SCENARIO.json [--hours N | --days N] [--format text|console|json] [--verbose]
//! ```

use engine::log::Event;
use engine::scenario::Scenario;
use engine::sim::Sim;
use engine::time::Duration;
use std::io::{self, Write};
use std::process::ExitCode;

const USAGE: &str =
    "usage: bgsim SCENARIO.json [--hours N | --days N] [--format text|console|json] [--verbose]\n\
  --hours/--days   span of virtual time to run (default: 2 days)\n\
  --format         text (plain language, default), console (dasd log lines) or json\n\
  --verbose        include routine events (every evaluation change, progress ticks)";

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Text,
    Console,
    Json,
}

struct Options {
    path: String,
    span: Duration,
    format: Format,
    verbose: bool,
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut path = None;
    let mut span = Duration::from_days(2);
    let mut format = Format::Text;
    let mut verbose = false;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--hours" | "--days" => {
                let value = iter.next().ok_or_else(|| format!("{arg} needs a number"))?;
                let n: f64 = value
                    .parse()
                    .map_err(|_| format!("{arg} needs a number, not {value:?}"))?;
                if !(n.is_finite() && n > 0.0 && n <= 400.0 * 24.0) {
                    return Err(format!(
                        "{arg} must be a positive number of at most 400 days"
                    ));
                }
                let hours = if arg == "--days" { n * 24.0 } else { n };
                span = Duration::from_secs_f64(hours * 3600.0);
            }
            "--format" => {
                format = match iter.next().map(String::as_str) {
                    Some("text") => Format::Text,
                    Some("console") => Format::Console,
                    Some("json") => Format::Json,
                    other => return Err(format!("unknown format {other:?}")),
                }
            }
            "--verbose" => verbose = true,
            "-h" | "--help" => return Err(String::new()),
            other if other.starts_with('-') => return Err(format!("unknown option {other}")),
            other => path = Some(other.to_string()),
        }
    }
    let path = path.ok_or_else(|| "no scenario file given".to_string())?;
    Ok(Options {
        path,
        span,
        format,
        verbose,
    })
}

fn text_of(event: &Event) -> String {
    let mut line = format!("{} {}  {}", event.at, event.at.hh_mm_ss(), event.headline());
    if let Some(reason) = event.reason() {
        line.push_str(&format!("\n      why: {reason}"));
    }
    if let Some(sees) = event.app_sees() {
        line.push_str(&format!("\n      the app sees: {sees}"));
    }
    if let Some(source) = event.source() {
        line.push_str(&format!(
            "\n      rule: {} ({})",
            source,
            source.evidence.certainty().label()
        ));
    }
    line
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match parse_args(&args) {
        Ok(o) => o,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("bgsim: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let text = match std::fs::read_to_string(&options.path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("bgsim: cannot read {}: {e}", options.path);
            return ExitCode::from(1);
        }
    };
    let scenario = match Scenario::from_json(&text) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("bgsim: {}: {e}", options.path);
            return ExitCode::from(1);
        }
    };
    let mut sim = match Sim::new(&scenario) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("bgsim: {}: {e}", options.path);
            return ExitCode::from(1);
        }
    };
    // It prints the whole run, not only the last days a long run keeps in detail.
    sim.keep_all_history();
    sim.advance_by(options.span);
    let events = sim
        .events()
        .iter()
        .filter(|e| options.verbose || options.format == Format::Console || !e.is_verbose());
    let lines: Box<dyn Iterator<Item = String>> = match options.format {
        Format::Text => Box::new(events.map(text_of)),
        Format::Console => Box::new(events.flat_map(Event::console_lines)),
        Format::Json => {
            let list: Vec<&Event> = events.collect();
            match serde_json::to_string_pretty(&list) {
                Ok(json) => Box::new(std::iter::once(json)),
                Err(e) => {
                    eprintln!("bgsim: {e}");
                    return ExitCode::from(1);
                }
            }
        }
    };
    // A closed pipe (`bgsim ... | head`) ends the output quietly.
    let mut out = io::BufWriter::new(io::stdout().lock());
    for line in lines {
        if writeln!(out, "{line}").is_err() {
            return ExitCode::SUCCESS;
        }
    }
    if out.flush().is_err() {
        return ExitCode::SUCCESS;
    }
    ExitCode::SUCCESS
}
