//! Swift export: the modelled app as the UIKit code, Info.plist entries and capabilities that make
//! a real app behave the same way, written after Apple's sample ("Using background tasks to update
//! your app": register at launch, submit the next request at the start of the handler, cancel the
//! work in the expiration handler).
//!
//! The export reproduces what the modelled app does, mistakes included: each mistake the model
//! knows (registering late or twice, never completing, no expiration handler, no progress, a
//! missing background mode, entitlement or Info.plist entry) carries a `// ⚠️` comment that says
//! what happens and what the correct code is. The output depends only on the app, so the same app
//! always exports the same text.

use crate::app::{
    AppConfig, HandlerBehavior, ProgressReporting, Registration, Resubmit, Strategy,
    TaskDefinition, TaskKind,
};
use crate::time::Duration;

/// What [`export`] produces for an app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SwiftExport {
    /// `AppDelegate.swift`: registration, scheduling and a handler per task (UIKit app delegate,
    /// with a scene delegate for scene-based apps).
    pub swift: String,
    /// The Info.plist entries, an XML fragment to paste inside the top-level `<dict>`.
    pub info_plist: String,
    /// The capabilities and entitlements to turn on in Xcode, one per line; lines starting with
    /// `⚠️` name one the app lacks but needs.
    pub capabilities: Vec<String>,
}

/// `BGContinuedProcessingTask` requests may ask for the GPU with this entitlement.
const GPU_ENTITLEMENT: &str = "com.apple.developer.background-tasks.continued-processing.gpu";
/// Health-research tasks need this entitlement.
const HEALTH_ENTITLEMENT: &str = "com.apple.developer.backgroundtasks.healthresearch";

/// Export an app as Swift, Info.plist entries and capabilities.
pub fn export(app: &AppConfig) -> SwiftExport {
    let names = method_names(&app.tasks);
    let tasks: Vec<Entry<'_>> = app
        .tasks
        .iter()
        .zip(names)
        .map(|(definition, name)| Entry::new(app, definition, name))
        .collect();
    SwiftExport {
        swift: swift_file(app, &tasks),
        info_plist: info_plist(app, &tasks),
        capabilities: capabilities(app, &tasks),
    }
}

// ---------------------------------------------------------------- one task, as the export sees it

/// A task definition with what the export derives from it.
struct Entry<'a> {
    definition: &'a TaskDefinition,
    /// The method-name stem: `Refresh` gives `scheduleRefresh()` and `handleRefresh(task:)`.
    name: String,
    /// A continued-processing task with a wildcard identifier (`prefix.*`).
    wildcard: bool,
    /// The identifier (or its wildcard) is listed in `BGTaskSchedulerPermittedIdentifiers`.
    permitted: bool,
    /// The `UIBackgroundModes` value the task needs but the app lacks.
    missing_mode: Option<&'static str>,
}

impl<'a> Entry<'a> {
    /// The entry of `definition` in `app`, with method-name stem `name`.
    fn new(app: &AppConfig, definition: &'a TaskDefinition, name: String) -> Entry<'a> {
        let kind = definition.request.kind;
        let identifier = &definition.request.identifier;
        let missing_mode = match kind {
            TaskKind::AppRefresh if !app.background_modes.fetch => Some("fetch"),
            TaskKind::Processing | TaskKind::HealthResearch if !app.background_modes.processing => {
                Some("processing")
            }
            _ => None,
        };
        Entry {
            definition,
            name,
            wildcard: kind == TaskKind::ContinuedProcessing && identifier.ends_with('*'),
            permitted: app.is_permitted(identifier, kind),
            missing_mode,
        }
    }

    /// The kind of task.
    fn kind(&self) -> TaskKind {
        self.definition.request.kind
    }

    /// The identifier as the app defines it (maybe a wildcard).
    fn identifier(&self) -> &str {
        &self.definition.request.identifier
    }

    /// What the handler does.
    fn behavior(&self) -> &HandlerBehavior {
        &self.definition.behavior
    }

    /// A continued-processing task.
    fn continued(&self) -> bool {
        self.kind() == TaskKind::ContinuedProcessing
    }

    /// The iOS version the task's classes need, if newer than BackgroundTasks itself (iOS 13).
    fn availability(&self) -> Option<&'static str> {
        match self.kind() {
            TaskKind::HealthResearch => Some("iOS 17.0"),
            TaskKind::ContinuedProcessing => Some("iOS 26.0"),
            TaskKind::AppRefresh | TaskKind::Processing => None,
        }
    }

    /// The registration goes in `application(_:didFinishLaunchingWithOptions:)`.
    fn registers_at_launch(&self) -> bool {
        match self.behavior().registration {
            Registration::AtLaunch | Registration::Twice => !self.wildcard,
            Registration::AfterLaunch | Registration::Never => false,
        }
    }

    /// The registration goes in the schedule function, right before submitting (continued only).
    fn registers_before_submit(&self) -> bool {
        self.continued()
            && match self.behavior().registration {
                Registration::AtLaunch | Registration::Twice => self.wildcard,
                Registration::AfterLaunch => true,
                Registration::Never => false,
            }
    }
}

/// Method-name stems from the identifiers' last meaningful component, in UpperCamelCase, made
/// unique by a number (`Refresh`, `Refresh2`).
fn method_names(tasks: &[TaskDefinition]) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(tasks.len());
    for task in tasks {
        let identifier = task.request.identifier.trim_end_matches(['*', '.']);
        let component = identifier
            .rsplit('.')
            .find(|c| c.chars().any(|ch| ch.is_ascii_alphanumeric()))
            .unwrap_or("");
        let mut stem: String = component
            .split(|ch: char| !ch.is_ascii_alphanumeric())
            .filter(|word| !word.is_empty())
            .map(|word| {
                let mut chars = word.chars();
                chars
                    .next()
                    .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                    .unwrap_or_default()
            })
            .collect();
        if stem.is_empty() || stem.starts_with(|ch: char| ch.is_ascii_digit()) {
            stem.insert_str(0, "Task");
        }
        let mut name = stem.clone();
        let mut number = 2;
        while names.contains(&name) {
            name = format!("{stem}{number}");
            number += 1;
        }
        names.push(name);
    }
    names
}

// ---------------------------------------------------------------- literals

/// A Swift string literal, quoted, with quotes, backslashes and control characters escaped.
fn swift_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            ch if ch.is_control() || ch == '\u{2028}' || ch == '\u{2029}' => {
                out.push_str(&format!("\\u{{{:x}}}", u32::from(ch)));
            }
            ch => out.push(ch),
        }
    }
    out.push('"');
    out
}

/// Text for an XML element: markup characters as entities; characters XML 1.0 cannot hold at all
/// become U+FFFD.
fn xml_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(ch),
            ch if ch.is_control() || ch == '\u{fffe}' || ch == '\u{ffff}' => out.push('\u{fffd}'),
            ch => out.push(ch),
        }
    }
    out
}

/// A number of seconds as a Swift `TimeInterval` literal.
fn seconds_literal(seconds: f64) -> String {
    if seconds.is_nan() {
        "Double.nan".into()
    } else if seconds.is_infinite() {
        if seconds > 0.0 {
            "Double.infinity".into()
        } else {
            "-Double.infinity".into()
        }
    } else if seconds.fract() == 0.0 && seconds.abs() < 1e15 {
        format!("{seconds:.0}")
    } else {
        format!("{seconds}")
    }
}

/// A number of seconds for a comment: `8 s`, `15 min`, `2 h 30 min`.
fn human(seconds: f64) -> String {
    if !seconds.is_finite() {
        return "forever".into();
    }
    // Clamped, so that the conversion never meets the extremes of the millisecond count.
    Duration::from_secs_f64(seconds.clamp(-1e12, 1e12)).to_string()
}

// ---------------------------------------------------------------- the Swift file

/// Lines of Swift with indentation.
struct Swift {
    text: String,
    depth: usize,
}

impl Swift {
    /// One line at the current indentation (an empty line stays empty).
    fn line(&mut self, line: &str) {
        if !line.is_empty() {
            for _ in 0..self.depth {
                self.text.push_str("    ");
            }
            self.text.push_str(line);
        }
        self.text.push('\n');
    }

    /// A line that opens a block (ends with `{`): what follows is indented.
    fn open(&mut self, line: &str) {
        self.line(line);
        self.depth += 1;
    }

    /// Close a block with `}`.
    fn close(&mut self, line: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.line(line);
    }

    /// Close a block and open the next one (`} catch {`).
    fn reopen(&mut self, line: &str) {
        self.close(line);
        self.depth += 1;
    }

    /// A comment, one `// ` line per line of `text`.
    fn comment(&mut self, text: &str) {
        self.comment_with("// ", "// ", text);
    }

    /// A `// ⚠️` comment: what goes wrong and what the correct code is.
    fn warn(&mut self, text: &str) {
        self.comment_with("// ⚠️ ", "//    ", text);
    }

    /// Lines of code that continue a `// ⚠️` comment, never wrapped.
    fn code_in_warning(&mut self, code: &[String]) {
        for line in code {
            self.line(&format!("//    {line}"));
        }
    }

    /// Comment lines: `first` before the first line, `rest` before the others; lines wider than
    /// [`WIDTH`] are wrapped at spaces.
    fn comment_with(&mut self, first: &str, rest: &str, text: &str) {
        let room = WIDTH.saturating_sub(self.depth * 4 + rest.chars().count());
        let mut prefix = first;
        for line in text.lines() {
            for piece in wrap(line, room) {
                self.line(&format!("{prefix}{piece}"));
                prefix = rest;
            }
        }
    }
}

/// Width the generated comments wrap at.
const WIDTH: usize = 100;

/// `line` cut at spaces into pieces of at most `room` characters (a longer word stays whole).
fn wrap(line: &str, room: usize) -> Vec<String> {
    if line.chars().count() <= room {
        return vec![line.to_string()];
    }
    let indent: String = line.chars().take_while(|c| *c == ' ').collect();
    let mut pieces = Vec::new();
    let mut current = indent.clone();
    for word in line.split(' ').filter(|w| !w.is_empty()) {
        let fits = current.chars().count() + 1 + word.chars().count() <= room;
        if current.trim().is_empty() || fits {
            if !current.trim().is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        } else {
            pieces.push(std::mem::replace(&mut current, format!("{indent}{word}")));
        }
    }
    pieces.push(current);
    pieces
}

/// The whole Swift file: the app delegate with a section per task, then the scene delegate.
fn swift_file(app: &AppConfig, tasks: &[Entry<'_>]) -> String {
    let mut s = Swift {
        text: String::new(),
        depth: 0,
    };
    s.comment(&format!(
        "AppDelegate.swift for {}, exported by the Background Tasks Playground.\n\
         It does what the modelled app does. Lines marked ⚠️ are mistakes the model reproduces, \
         with what happens and the correct code.",
        swift_literal(&app.bundle_id)
    ));
    s.line("");
    s.line("import UIKit");
    s.line("import BackgroundTasks");
    s.line("");
    s.line("@main");
    s.open("class AppDelegate: UIResponder, UIApplicationDelegate {");
    s.line("");
    did_finish_launching(&mut s, tasks);
    let late: Vec<&Entry<'_>> = tasks
        .iter()
        .filter(|t| !t.continued() && t.behavior().registration == Registration::AfterLaunch)
        .collect();
    if !late.is_empty() {
        s.line("");
        s.open("func applicationDidBecomeActive(_ application: UIApplication) {");
        for task in late {
            s.warn(
                "Registered after application(_:didFinishLaunchingWithOptions:) has returned: only \
                 continued-processing handlers may be registered this late, so the system \
                 terminates the app.\nCorrect: make this call in \
                 application(_:didFinishLaunchingWithOptions:), before `return true`.",
            );
            let guarded = guard_open(&mut s, task);
            register_call(&mut s, task, &swift_literal(task.identifier()));
            guard_close(&mut s, guarded);
        }
        s.close("}");
    }
    s.line("");
    did_enter_background(&mut s, app, tasks);
    for task in tasks {
        s.line("");
        s.line(&format!(
            "// MARK: - {} ({})",
            swift_literal(task.identifier()),
            task.kind().task_class()
        ));
        s.line("");
        schedule_function(&mut s, app, task);
        s.line("");
        if task.continued() {
            continued_handler(&mut s, task);
        } else {
            operation_handler(&mut s, task);
        }
    }
    s.close("}");
    s.line("");
    s.comment(
        "Scene-based apps (the default for new projects) get sceneDidEnterBackground(_:) instead \
         of applicationDidEnterBackground(_:).",
    );
    s.open("class SceneDelegate: UIResponder, UIWindowSceneDelegate {");
    s.line("var window: UIWindow?");
    s.line("");
    s.open("func sceneDidEnterBackground(_ scene: UIScene) {");
    s.line("(UIApplication.shared.delegate as? AppDelegate)?.didEnterBackground()");
    s.close("}");
    s.close("}");
    s.text
}

/// `application(_:didFinishLaunchingWithOptions:)`: the launch-time registrations.
fn did_finish_launching(s: &mut Swift, tasks: &[Entry<'_>]) {
    s.line("func application(");
    s.line("    _ application: UIApplication,");
    s.line(
        "    didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?",
    );
    s.open(") -> Bool {");
    s.comment(
        "Register every launch handler here, before this method returns, on every launch: the \
         system may launch the app in the background just to run a task.",
    );
    if tasks.is_empty() {
        s.comment("The app defines no background tasks.");
    }
    for task in tasks {
        let literal = swift_literal(task.identifier());
        let registration = task.behavior().registration;
        if task.registers_at_launch() {
            let guarded = guard_open(s, task);
            if !task.permitted && !task.continued() {
                s.warn(&format!(
                    "{literal} is not in BGTaskSchedulerPermittedIdentifiers: this call returns \
                     false and registers nothing.\nCorrect: add it to the Info.plist."
                ));
            }
            register_call(s, task, &literal);
            if registration == Registration::Twice {
                s.warn(
                    "The same identifier registered a second time: the system terminates the \
                     app here.\nCorrect: register each identifier once.",
                );
                register_call(s, task, &literal);
            }
            guard_close(s, guarded);
        } else if task.registers_before_submit() {
            s.comment(&format!(
                "{literal}: continued-processing handlers may be registered later; \
                 schedule{}() registers one right before it submits.",
                task.name
            ));
        } else if registration == Registration::Never && !task.wildcard {
            s.warn(&format!(
                "No launch handler is registered for {literal}: submitting its request raises \
                 \"No launch handler registered for task with identifier\" and the app crashes.\n\
                 Correct: register it here:"
            ));
            s.code_in_warning(&[
                format!(
                    "BGTaskScheduler.shared.register(forTaskWithIdentifier: {literal}, using: nil) {{ task in"
                ),
                format!(
                    "    self.handle{}(task: task as! {})",
                    task.name,
                    task.kind().task_class()
                ),
                "}".into(),
            ]);
        }
    }
    s.line("return true");
    s.close("}");
}

/// Opens `if #available(...) {` for a task whose classes are newer than iOS 13.
fn guard_open(s: &mut Swift, task: &Entry<'_>) -> bool {
    match task.availability() {
        Some(version) => {
            s.open(&format!("if #available({version}, *) {{"));
            true
        }
        None => false,
    }
}

/// Closes what [`guard_open`] opened, if anything.
fn guard_close(s: &mut Swift, guarded: bool) {
    if guarded {
        s.close("}");
    }
}

/// `BGTaskScheduler.shared.register(...)` for a task, with `identifier` as a Swift expression.
fn register_call(s: &mut Swift, task: &Entry<'_>, identifier: &str) {
    s.open(&format!(
        "BGTaskScheduler.shared.register(forTaskWithIdentifier: {identifier}, using: nil) {{ task in"
    ));
    s.line(&format!(
        "self.handle{}(task: task as! {})",
        task.name,
        task.kind().task_class()
    ));
    s.close("}");
}

/// `applicationDidEnterBackground(_:)` and `didEnterBackground()`: the requests submitted on
/// the way to the background, and the `beginBackgroundTask` the app asks for.
fn did_enter_background(s: &mut Swift, app: &AppConfig, tasks: &[Entry<'_>]) {
    s.open("func applicationDidEnterBackground(_ application: UIApplication) {");
    s.line("didEnterBackground()");
    s.close("}");
    s.line("");
    s.line("/// What the app does each time it moves to the background.");
    s.open("func didEnterBackground() {");
    let mut anything = false;
    for task in tasks
        .iter()
        .filter(|t| t.definition.submit_when_backgrounded)
    {
        let literal = swift_literal(task.identifier());
        if task.continued() {
            s.comment(&format!(
                "{literal} is continued processing: a person starts it with a button, in the \
                 foreground, never the app on its way to the background."
            ));
        } else if task.identifier().ends_with('*') {
            s.warn(&format!(
                "{literal} ends in `*`: only continued-processing tasks may use wildcard \
                 identifiers, so this request is never submitted.\nCorrect: an exact identifier."
            ));
        } else {
            let guarded = guard_open(s, task);
            s.line(&format!("schedule{}()", task.name));
            guard_close(s, guarded);
            anything = true;
        }
    }
    match app.background_task_on_exit_s {
        Some(_) => s.line("finishWorkInBackground()"),
        None if !anything => {
            s.comment("Nothing: the app submits no request when it moves to the background.")
        }
        None => {}
    }
    s.close("}");
    if let Some(work) = app.background_task_on_exit_s {
        s.line("");
        finish_work_in_background(s, work);
    }
}

/// `finishWorkInBackground()`: `beginBackgroundTask` for `work` seconds, ended when done or
/// when time is up.
fn finish_work_in_background(s: &mut Swift, work: f64) {
    s.line(&format!(
        "/// Asks for extra time to finish {} of work after moving to the background.",
        human(work)
    ));
    s.open("func finishWorkInBackground() {");
    s.line("var backgroundTask = UIBackgroundTaskIdentifier.invalid");
    s.open(
        "backgroundTask = UIApplication.shared.beginBackgroundTask(withName: \"Finish work\") {",
    );
    s.comment("Time is up (about 30 s by default): end it now, or the system terminates the app.");
    s.line("UIApplication.shared.endBackgroundTask(backgroundTask)");
    s.line("backgroundTask = .invalid");
    s.close("}");
    s.open("DispatchQueue.global().async {");
    s.comment(&format!(
        "The app's work goes here: the model says it takes {}.",
        human(work)
    ));
    s.line("UIApplication.shared.endBackgroundTask(backgroundTask)");
    s.line("backgroundTask = .invalid");
    s.close("}");
    s.close("}");
}

/// `scheduleName()`: builds the request with its options and submits it.
fn schedule_function(s: &mut Swift, app: &AppConfig, task: &Entry<'_>) {
    let request = &task.definition.request;
    let literal = swift_literal(task.identifier());
    let class = task.kind().request_class();
    if let Some(version) = task.availability() {
        s.line(&format!("@available({version}, *)"));
    }
    s.open(&format!("func schedule{}() {{", task.name));
    if !task.permitted {
        s.warn(&format!(
            "{literal} is not in BGTaskSchedulerPermittedIdentifiers: submit throws \
             BGTaskScheduler.Error.Code.notPermitted.\nCorrect: add it to the Info.plist."
        ));
    }
    if let Some(mode) = task.missing_mode {
        let capability = if mode == "fetch" {
            "Background fetch"
        } else {
            "Background processing"
        };
        s.warn(&format!(
            "UIBackgroundModes lacks \"{mode}\": submit throws .notPermitted.\nCorrect: turn on \
             Background Modes > {capability} in Signing & Capabilities."
        ));
    }
    if task.kind() == TaskKind::HealthResearch && !app.entitlements.health_research {
        s.warn(&format!(
            "The app lacks the {HEALTH_ENTITLEMENT} entitlement: submit throws \
             .notPermitted.\nCorrect: add the entitlement."
        ));
    }
    if task.continued() {
        s.comment(
            "Call this from the person's action (a button), while the app is in the foreground: \
             a continued-processing task starts right away and shows its progress in a Live Activity.",
        );
        if task.wildcard {
            let prefix = task.identifier().trim_end_matches('*');
            s.comment(&format!(
                "A concrete identifier under the wildcard {literal} of the Info.plist."
            ));
            s.line(&format!(
                "let identifier = {} + UUID().uuidString",
                swift_literal(prefix)
            ));
        } else {
            s.line(&format!("let identifier = {literal}"));
        }
        if task.registers_before_submit() {
            s.comment(
                "Continued-processing launch handlers may be registered at run time, right before \
                 submitting.",
            );
            register_call(s, task, "identifier");
            if task.behavior().registration == Registration::Twice {
                s.warn(
                    "The same identifier registered a second time: the system terminates the \
                     app here.\nCorrect: register each identifier once.",
                );
                register_call(s, task, "identifier");
            }
        } else if task.wildcard && task.behavior().registration == Registration::Never {
            s.warn(
                "No launch handler is registered for this identifier: submitting raises \"No \
                 launch handler registered for task with identifier\" and the app crashes. \
                 Correct: register one here, before submitting.",
            );
        }
        s.line(&format!(
            "let request = {class}(identifier: identifier, title: {}, subtitle: {})",
            swift_literal(&request.title),
            swift_literal(&request.subtitle)
        ));
        match request.strategy {
            Strategy::Fail => {
                s.comment("Fail with .immediateRunIneligible if it cannot start right away.");
                s.line("request.strategy = .fail");
            }
            Strategy::Queue => {
                s.comment("Wait in a queue if it cannot start right away (the default).");
                s.line("request.strategy = .queue");
            }
        }
        if request.gpu {
            if !app.entitlements.background_gpu {
                s.warn(&format!(
                    "The app lacks the {GPU_ENTITLEMENT} \
                     entitlement: a request for .gpu is refused with .notPermitted.\nCorrect: add \
                     the entitlement (Boolean true)."
                ));
            }
            s.comment("Not every device supports background GPU use (in practice, iPads do).");
            s.open("if BGTaskScheduler.supportedResources.contains(.gpu) {");
            s.line("request.requiredResources = .gpu");
            s.close("}");
        }
        if let Some(delay) = request.earliest_begin_after {
            s.comment(&format!(
                "The model's request asks to wait {}, but earliestBeginDate is ignored for \
                 continued-processing requests, so it is left out.",
                human(delay.as_millis() as f64 / 1000.0)
            ));
        }
    } else {
        s.line(&format!("let request = {class}(identifier: {literal})"));
        match request.earliest_begin_after {
            Some(delay) => {
                let seconds = delay.as_millis() as f64 / 1000.0;
                s.line(&format!(
                    "request.earliestBeginDate = Date(timeIntervalSinceNow: {}) // {} from now, at the earliest",
                    seconds_literal(seconds),
                    human(seconds)
                ));
            }
            None => s.comment("No earliestBeginDate: it may run as soon as the system allows."),
        }
    }
    if task.kind().is_processing_like() {
        s.line(&format!(
            "request.requiresExternalPower = {}",
            request.requires_external_power
        ));
        s.line(&format!(
            "request.requiresNetworkConnectivity = {}",
            request.requires_network
        ));
    }
    s.open("do {");
    s.line("try BGTaskScheduler.shared.submit(request)");
    s.reopen("} catch {");
    s.line("print(\"Could not schedule \\(request.identifier): \\(error)\")");
    s.close("}");
    s.close("}");
}

/// The comment that stands for the app's work.
fn work_comment(behavior: &HandlerBehavior) -> String {
    let mut text = format!(
        "The app's work goes here: the model says it takes {}",
        human(behavior.work_s)
    );
    if behavior.needs_network {
        text.push_str(", needs the network");
    }
    text.push_str(&format!(
        ",\nuses {}% of a core and peaks at {} MB.",
        behavior.cpu_percent, behavior.peak_memory_mb
    ));
    text
}

/// The handler of a refresh, processing or health-research task: an `Operation` on a queue, as
/// in Apple's sample.
fn operation_handler(s: &mut Swift, task: &Entry<'_>) {
    let behavior = task.behavior();
    let class = task.kind().task_class();
    if let Some(version) = task.availability() {
        s.line(&format!("@available({version}, *)"));
    }
    s.open(&format!("func handle{}(task: {class}) {{", task.name));
    match behavior.resubmit {
        Resubmit::AtStart => {
            s.comment("Submit the next request first (Apple's sample does this), so one is always pending.");
            s.line(&format!("schedule{}()", task.name));
            s.line("");
        }
        Resubmit::AtEnd => {}
        Resubmit::Never => {
            s.comment("One-shot: the handler submits no next request.");
        }
    }
    s.line("let queue = OperationQueue()");
    s.line("queue.maxConcurrentOperationCount = 1");
    s.open("let operation = BlockOperation {");
    s.comment(&work_comment(behavior));
    s.close("}");
    expiration_handler(s, task, "operation.cancel()");
    s.open("operation.completionBlock = {");
    if behavior.calls_set_task_completed {
        if behavior.sets_expiration_handler {
            s.comment(
                "Apple's sample: task.setTaskCompleted(success: !operation.isCancelled). After an \
                 expiration, the expiration handler has already completed the task.",
            );
            s.line("guard !operation.isCancelled else { return }");
            if behavior.resubmit == Resubmit::AtEnd {
                s.line(&format!("self.schedule{}()", task.name));
            }
            s.line("task.setTaskCompleted(success: true)");
        } else {
            if behavior.resubmit == Resubmit::AtEnd {
                s.line(&format!(
                    "if !operation.isCancelled {{ self.schedule{}() }}",
                    task.name
                ));
            }
            s.line("task.setTaskCompleted(success: !operation.isCancelled)");
        }
    } else {
        s.warn(
            "The handler never calls task.setTaskCompleted(success:), so the task stays open \
             after the work is done until its time runs out, and then the system terminates the \
             app.\nCorrect: task.setTaskCompleted(success: !operation.isCancelled)",
        );
    }
    s.close("}");
    s.line("queue.addOperation(operation)");
    s.close("}");
}

/// `task.expirationHandler = { ... }` with `cancel` stopping the work, or the warning that there
/// is none.
fn expiration_handler(s: &mut Swift, task: &Entry<'_>, cancel: &str) {
    let behavior = task.behavior();
    if behavior.sets_expiration_handler {
        s.open("task.expirationHandler = {");
        if task.continued() {
            s.comment("The person tapped Stop, or the system is ending the task: stop the work.");
        } else {
            s.comment("Time is up: stop the work.");
        }
        s.line(cancel);
        if behavior.calls_set_task_completed {
            s.line("task.setTaskCompleted(success: false)");
        } else {
            s.warn(
                "No task.setTaskCompleted(success: false) here: the system terminates the app a \
                 few seconds after the expiration.\nCorrect: call it right after stopping the work.",
            );
        }
        s.close("}");
    } else {
        let consequence = if task.continued() {
            "the system marks the task failed while the work goes on"
        } else {
            "the work goes on, and the system marks the task failed and terminates the app"
        };
        s.warn(&format!(
            "No task.expirationHandler: when the task is ended, {consequence}.\nCorrect:"
        ));
        s.code_in_warning(&[
            "task.expirationHandler = {".into(),
            format!("    {cancel}"),
            "    task.setTaskCompleted(success: false)".into(),
            "}".into(),
        ]);
    }
}

/// The handler of a continued-processing task: a Swift `Task` that reports progress.
fn continued_handler(s: &mut Swift, task: &Entry<'_>) {
    let behavior = task.behavior();
    s.line("@available(iOS 26.0, *)");
    s.open(&format!(
        "func handle{}(task: BGContinuedProcessingTask) {{",
        task.name
    ));
    s.comment(&work_comment(behavior));
    let work = behavior.work_s;
    let stops = behavior.progress_stops_after_s.filter(|stop| *stop < work);
    match behavior.progress {
        ProgressReporting::Every { seconds } => {
            let interval = if seconds.is_finite() && seconds > 0.0 {
                seconds
            } else {
                1.0
            };
            let steps = if work.is_finite() {
                (work / interval).ceil().clamp(1.0, 1e15)
            } else {
                1.0
            };
            s.comment(&format!(
                "Progress in {} steps of {}; task.updateTitle(_:subtitle:) can also change the \
                 Live Activity's text as the work goes on.",
                seconds_literal(steps),
                human(interval)
            ));
            s.line(&format!("let steps: Int64 = {}", seconds_literal(steps)));
            s.line("task.progress.totalUnitCount = steps");
            s.open("let work = Task {");
            s.open("do {");
            s.open("for step in 1...steps {");
            s.line(&format!(
                "try await Task.sleep(for: .seconds({})) // one step of the work",
                seconds_literal(interval)
            ));
            match stops {
                Some(stop) => {
                    let reported = (stop / interval).floor().clamp(0.0, 1e15);
                    s.warn(&format!(
                        "Progress stops after {} (a hung upload, say): with no progress for about \
                         30 s the system expires the task as stalled.\nCorrect: update \
                         completedUnitCount all the way to the end.",
                        human(stop)
                    ));
                    s.open(&format!("if step <= {} {{", seconds_literal(reported)));
                    s.line("task.progress.completedUnitCount = step");
                    s.close("}");
                }
                None => s.line("task.progress.completedUnitCount = step"),
            }
            s.close("}");
        }
        ProgressReporting::Never | ProgressReporting::Indeterminate => {
            if behavior.progress == ProgressReporting::Never {
                s.line("task.progress.totalUnitCount = 100");
                s.warn(
                    "completedUnitCount is never updated: with no progress for about 30 s the \
                     system expires the task as stalled.\nCorrect: update \
                     task.progress.completedUnitCount as the work goes on.",
                );
            } else {
                s.warn(
                    "The progress stays indeterminate (no totalUnitCount, no completedUnitCount): \
                     a task that reports no progress is expired as stalled (after about 45 s in \
                     iOS 26.1).\nCorrect: set task.progress.totalUnitCount and update \
                     completedUnitCount as the work goes on.",
                );
            }
            s.open("let work = Task {");
            s.open("do {");
            s.line(&format!(
                "try await Task.sleep(for: .seconds({})) // the whole work, with no progress",
                seconds_literal(work)
            ));
        }
    }
    if behavior.calls_set_task_completed {
        s.line("task.setTaskCompleted(success: true)");
    } else {
        s.warn(
            "The handler never calls task.setTaskCompleted(success:): the task stays open after \
             the work is done until the system ends it.\nCorrect: task.setTaskCompleted(success: true)",
        );
    }
    s.reopen("} catch {");
    if behavior.sets_expiration_handler && behavior.calls_set_task_completed {
        s.comment("Cancelled: the expiration handler has completed the task.");
    } else {
        s.comment("Cancelled.");
    }
    s.close("}");
    s.close("}");
    expiration_handler(s, task, "work.cancel()");
    s.close("}");
}

// ---------------------------------------------------------------- Info.plist and capabilities

/// The `BGTaskSchedulerPermittedIdentifiers` and `UIBackgroundModes` entries, with `⚠️` comments
/// for what the tasks need and the app lacks.
fn info_plist(app: &AppConfig, tasks: &[Entry<'_>]) -> String {
    let mut out = String::from("<key>BGTaskSchedulerPermittedIdentifiers</key>\n");
    if app.permitted_identifiers.is_empty() {
        out.push_str("<array/>\n");
    } else {
        out.push_str("<array>\n");
        for identifier in &app.permitted_identifiers {
            out.push_str(&format!("\t<string>{}</string>\n", xml_text(identifier)));
        }
        out.push_str("</array>\n");
    }
    let unlisted = tasks.iter().filter(|t| !t.permitted).count();
    if unlisted > 0 {
        out.push_str(&format!(
            "<!-- ⚠️ {unlisted} task identifier(s) of the app are not listed: submitting them throws notPermitted (see the ⚠️ comments in the Swift file). -->\n"
        ));
    }
    let modes: Vec<&str> = [
        (app.background_modes.fetch, "fetch"),
        (app.background_modes.processing, "processing"),
    ]
    .into_iter()
    .filter_map(|(on, mode)| on.then_some(mode))
    .collect();
    if !modes.is_empty() {
        out.push_str("<key>UIBackgroundModes</key>\n<array>\n");
        for mode in modes {
            out.push_str(&format!("\t<string>{mode}</string>\n"));
        }
        out.push_str("</array>\n");
    }
    for (mode, class) in [
        ("fetch", "BGAppRefreshTask"),
        ("processing", "BGProcessingTask"),
    ] {
        if tasks.iter().any(|t| t.missing_mode == Some(mode)) {
            out.push_str(&format!(
                "<!-- ⚠️ UIBackgroundModes lacks \"{mode}\", which {class} requests need: submitting them throws notPermitted. -->\n"
            ));
        }
    }
    out
}

/// The capabilities and entitlements the app has, then the ones its tasks need and it lacks.
fn capabilities(app: &AppConfig, tasks: &[Entry<'_>]) -> Vec<String> {
    let mut lines = Vec::new();
    if app.background_modes.fetch {
        lines.push("Background Modes: Background fetch".to_string());
    }
    if app.background_modes.processing {
        lines.push("Background Modes: Background processing".to_string());
    }
    if app.entitlements.background_gpu {
        lines.push(format!("Entitlement {GPU_ENTITLEMENT} = true"));
    }
    if app.entitlements.health_research {
        lines.push(format!("Entitlement {HEALTH_ENTITLEMENT}"));
    }
    if tasks.iter().any(|t| t.missing_mode == Some("fetch")) {
        lines.push(
            "⚠️ Missing Background Modes: Background fetch (refresh requests need it)".into(),
        );
    }
    if tasks.iter().any(|t| t.missing_mode == Some("processing")) {
        lines.push(
            "⚠️ Missing Background Modes: Background processing (processing requests need it)"
                .into(),
        );
    }
    if !app.entitlements.background_gpu
        && tasks
            .iter()
            .any(|t| t.continued() && t.definition.request.gpu)
    {
        lines.push(format!(
            "⚠️ Missing entitlement {GPU_ENTITLEMENT} = true (a continued request asks for .gpu)"
        ));
    }
    if !app.entitlements.health_research
        && tasks.iter().any(|t| t.kind() == TaskKind::HealthResearch)
    {
        lines.push(format!(
            "⚠️ Missing entitlement {HEALTH_ENTITLEMENT} (health-research requests need it)"
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Entitlements, TaskRequest};

    /// A default task definition of `kind` for `identifier`.
    fn task(identifier: &str, kind: TaskKind) -> TaskDefinition {
        TaskDefinition {
            request: TaskRequest {
                identifier: identifier.into(),
                kind,
                ..TaskRequest::default()
            },
            ..TaskDefinition::default()
        }
    }

    /// An app with these tasks, every identifier permitted.
    fn app_with(tasks: Vec<TaskDefinition>) -> AppConfig {
        AppConfig {
            permitted_identifiers: tasks.iter().map(|t| t.request.identifier.clone()).collect(),
            tasks,
            ..AppConfig::default()
        }
    }

    /// Lines of code, without comments.
    fn code_lines(swift: &str) -> Vec<&str> {
        swift
            .lines()
            .map(str::trim)
            .filter(|line| !line.starts_with("//"))
            .collect()
    }

    #[test]
    fn the_default_app_registers_at_launch_schedules_and_completes() {
        let export = export(&AppConfig::default());
        let swift = &export.swift;
        assert!(swift.contains("import UIKit\nimport BackgroundTasks\n"));
        let register = swift
            .find(r#"BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.news.refresh", using: nil) { task in"#)
            .expect("a registration");
        let returns = swift.find("return true").expect("launch finishes");
        let launch = swift
            .find("didFinishLaunchingWithOptions")
            .expect("the launch method");
        assert!(launch < register && register < returns, "{swift}");
        assert!(swift.contains(
            r#"let request = BGAppRefreshTaskRequest(identifier: "com.example.news.refresh")"#
        ));
        assert!(swift.contains("request.earliestBeginDate = Date(timeIntervalSinceNow: 900)"));
        assert!(swift.contains("try BGTaskScheduler.shared.submit(request)"));
        assert!(swift.contains("} catch {\n            print(\"Could not schedule"));
        // Apple's sample: the handler submits the next request first.
        let handler = swift
            .find("func handleRefresh(task: BGAppRefreshTask) {")
            .expect("a handler");
        let resubmit = handler
            + swift[handler..]
                .find("scheduleRefresh()")
                .expect("resubmits");
        let work = handler + swift[handler..].find("BlockOperation").expect("the work");
        assert!(resubmit < work);
        assert!(swift.contains("task.expirationHandler = {\n            // Time is up: stop the work.\n            operation.cancel()\n            task.setTaskCompleted(success: false)\n"));
        assert!(swift.contains("task.setTaskCompleted(success: true)"));
        assert!(swift.contains("func sceneDidEnterBackground(_ scene: UIScene) {"));
        assert!(swift.contains("func didEnterBackground() {\n        scheduleRefresh()\n    }"));
        assert!(
            !swift.contains("// ⚠️"),
            "the default app makes no mistake:\n{swift}"
        );
        assert_eq!(
            export.info_plist,
            "<key>BGTaskSchedulerPermittedIdentifiers</key>\n<array>\n\t<string>com.example.news.refresh</string>\n</array>\n\
             <key>UIBackgroundModes</key>\n<array>\n\t<string>fetch</string>\n\t<string>processing</string>\n</array>\n"
        );
        assert_eq!(
            export.capabilities,
            [
                "Background Modes: Background fetch",
                "Background Modes: Background processing"
            ]
        );
    }

    #[test]
    fn a_processing_task_that_needs_power_asks_for_it() {
        let mut cleanup = task("com.example.news.cleanup", TaskKind::Processing);
        cleanup.request.requires_external_power = true;
        cleanup.request.earliest_begin_after = Some(Duration::from_hours(2));
        let swift = export(&app_with(vec![cleanup])).swift;
        assert!(swift.contains(
            r#"let request = BGProcessingTaskRequest(identifier: "com.example.news.cleanup")"#
        ));
        assert!(swift.contains("request.requiresExternalPower = true\n"));
        assert!(swift.contains("request.requiresNetworkConnectivity = false\n"));
        assert!(swift.contains("Date(timeIntervalSinceNow: 7200) // 2 h from now"));
        assert!(swift.contains("func handleCleanup(task: BGProcessingTask) {"));
    }

    #[test]
    fn a_continued_task_that_fails_fast_and_wants_the_gpu() {
        let mut export_task = task("com.example.photos.export.*", TaskKind::ContinuedProcessing);
        export_task.request.strategy = Strategy::Fail;
        export_task.request.gpu = true;
        export_task.request.title = "Exporting".into();
        export_task.behavior.work_s = 120.0;
        export_task.submit_when_backgrounded = false;
        let mut app = app_with(vec![export_task]);
        app.entitlements = Entitlements {
            background_gpu: true,
            health_research: false,
        };
        let export = export(&app);
        let swift = &export.swift;
        assert!(swift.contains("request.strategy = .fail\n"));
        assert!(swift.contains(
            "if BGTaskScheduler.supportedResources.contains(.gpu) {\n            request.requiredResources = .gpu\n        }"
        ));
        assert!(swift.contains(
            r#"BGContinuedProcessingTaskRequest(identifier: identifier, title: "Exporting", subtitle: "")"#
        ));
        // Registered dynamically, for the concrete identifier, right before submitting.
        let schedule = swift
            .find("func scheduleExport() {")
            .expect("a schedule function");
        let concrete = schedule
            + swift[schedule..]
                .find(r#"let identifier = "com.example.photos.export." + UUID().uuidString"#)
                .expect("a concrete identifier");
        let register = schedule
            + swift[schedule..]
                .find("BGTaskScheduler.shared.register(forTaskWithIdentifier: identifier, using: nil)")
                .expect("a dynamic registration");
        let submit = schedule + swift[schedule..].find("submit(request)").expect("a submit");
        assert!(concrete < register && register < submit);
        assert!(!code_lines(swift).iter().any(
            |l| l.contains(r#"register(forTaskWithIdentifier: "com.example.photos.export.*""#)
        ));
        // Progress every 5 s over 120 s of work.
        assert!(
            swift.contains("let steps: Int64 = 24\n        task.progress.totalUnitCount = steps")
        );
        assert!(swift.contains("task.progress.completedUnitCount = step\n"));
        assert!(swift.contains("work.cancel()\n            task.setTaskCompleted(success: false)"));
        assert!(export
            .capabilities
            .contains(&format!("Entitlement {GPU_ENTITLEMENT} = true")));
        assert!(!swift.contains("// ⚠️"), "{swift}");
    }

    #[test]
    fn registering_twice_is_reproduced_and_flagged() {
        let mut refresh = task("com.example.news.refresh", TaskKind::AppRefresh);
        refresh.behavior.registration = Registration::Twice;
        let swift = export(&app_with(vec![refresh])).swift;
        let registrations = code_lines(&swift)
            .iter()
            .filter(|l| l.starts_with(r#"BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.news.refresh""#))
            .count();
        assert_eq!(registrations, 2);
        assert!(swift.contains("// ⚠️ The same identifier registered a second time"));
        let second = swift
            .rfind("BGTaskScheduler.shared.register")
            .expect("a registration");
        assert!(swift.find("// ⚠️ The same identifier").expect("a warning") < second);
    }

    #[test]
    fn a_handler_that_never_completes_is_flagged() {
        let mut refresh = task("com.example.news.refresh", TaskKind::AppRefresh);
        refresh.behavior.calls_set_task_completed = false;
        let swift = export(&app_with(vec![refresh])).swift;
        assert!(swift.contains("// ⚠️ The handler never calls task.setTaskCompleted(success:)"));
        assert!(swift.contains("// ⚠️ No task.setTaskCompleted(success: false) here"));
        assert!(!code_lines(&swift)
            .iter()
            .any(|l| l.contains("setTaskCompleted")));
    }

    #[test]
    fn other_mistakes_are_reproduced_and_flagged() {
        let mut late = task("com.example.news.refresh", TaskKind::AppRefresh);
        late.behavior.registration = Registration::AfterLaunch;
        late.behavior.sets_expiration_handler = false;
        let mut stalls = task("com.example.news.upload", TaskKind::ContinuedProcessing);
        stalls.behavior.progress = ProgressReporting::Indeterminate;
        let mut never = task("com.example.news.sync", TaskKind::Processing);
        never.behavior.registration = Registration::Never;
        let unlisted = task("com.example.news.unlisted", TaskKind::Processing);
        let mut app = app_with(vec![late, stalls, never]);
        app.tasks.push(unlisted);
        app.background_modes.fetch = false;
        let export = export(&app);
        let swift = &export.swift;
        let active = swift
            .find("func applicationDidBecomeActive")
            .expect("a late registration");
        assert!(swift.find("return true").expect("launch") < active);
        assert!(
            swift.contains("// ⚠️ Registered after application(_:didFinishLaunchingWithOptions:)")
        );
        assert!(swift.contains("// ⚠️ No task.expirationHandler"));
        assert!(swift.contains("// ⚠️ The progress stays indeterminate"));
        assert!(
            swift.contains(r#"// ⚠️ No launch handler is registered for "com.example.news.sync""#)
        );
        assert!(swift.contains(
            r#"// ⚠️ "com.example.news.unlisted" is not in BGTaskSchedulerPermittedIdentifiers"#
        ));
        assert!(swift.contains(r#"// ⚠️ UIBackgroundModes lacks "fetch""#));
        assert!(export
            .info_plist
            .contains("<!-- ⚠️ UIBackgroundModes lacks \"fetch\""));
        assert!(!export.info_plist.contains("<string>fetch</string>"));
        assert!(export
            .capabilities
            .iter()
            .any(|c| c.starts_with("⚠️ Missing Background Modes: Background fetch")));
    }

    #[test]
    fn identifiers_are_escaped_in_swift_and_xml() {
        let identifier = "com.example.\"quoted\"\\back<slash>&\nnext";
        let mut weird = task(identifier, TaskKind::ContinuedProcessing);
        weird.request.title = "Say \"hi\" \\(x)".into();
        let export = export(&app_with(vec![weird]));
        let swift_literal = r#""com.example.\"quoted\"\\back<slash>&\nnext""#;
        assert!(export
            .swift
            .contains(&format!("let identifier = {swift_literal}\n")));
        assert!(export.swift.contains(r#"title: "Say \"hi\" \\(x)""#));
        assert!(!export.swift.contains(identifier));
        assert!(!export.swift.contains("\"quoted\"\\back"));
        assert!(export.info_plist.contains(
            "<string>com.example.&quot;quoted&quot;\\back&lt;slash&gt;&amp;\nnext</string>"
        ));
        assert!(!export.info_plist.contains("<slash>"));
        // The method names stay Swift identifiers.
        assert!(export
            .swift
            .contains("func scheduleQuotedBackSlashNext() {"));
    }

    #[test]
    fn the_same_app_always_exports_the_same_text() {
        let mut tasks: Vec<TaskDefinition> = TaskKind::ALL
            .iter()
            .map(|kind| task(&format!("com.example.app.{}", kind.label()), *kind))
            .collect();
        tasks.push(task("com.example.app.refresh", TaskKind::AppRefresh));
        tasks.push(task("com.example.other.refresh", TaskKind::AppRefresh));
        let mut app = app_with(tasks);
        app.background_task_on_exit_s = Some(20.0);
        let first = export(&app);
        assert_eq!(first, export(&app.clone()));
        assert!(first.swift.contains("func scheduleRefresh() {"));
        assert!(first.swift.contains("func scheduleRefresh2() {"));
        assert!(first.swift.contains("beginBackgroundTask(withName:"));
    }

    #[test]
    fn absurd_values_export_without_panicking() {
        let mut odd = task("...", TaskKind::ContinuedProcessing);
        odd.behavior.work_s = f64::NAN;
        odd.behavior.progress = ProgressReporting::Every { seconds: 0.0 };
        odd.behavior.progress_stops_after_s = Some(-1.0);
        let mut far = task("9", TaskKind::Processing);
        far.request.earliest_begin_after = Some(Duration::from_millis(i64::MIN));
        far.behavior.work_s = f64::INFINITY;
        let mut app = app_with(vec![odd, far]);
        app.background_task_on_exit_s = Some(f64::NEG_INFINITY);
        let swift = export(&app).swift;
        assert!(swift.contains("func scheduleTask() {"));
        assert!(swift.contains("func scheduleTask9() {"));
        assert!(export(&AppConfig {
            tasks: Vec::new(),
            ..AppConfig::default()
        })
        .swift
        .contains("// The app defines no background tasks."));
    }
}
