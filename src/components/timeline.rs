//! The timeline: an SVG of the run over a window of virtual time. Device and app lanes (charger,
//! battery, screen, network, thermal state, the app's lifecycle, when the person opened it), then
//! one row per task identifier with its requests' bars, and a cursor at now. Zoom presets and
//! ◀ ▶ move the window; a click on the time axis or a lane jumps there (a replay when it is in
//! the past: the scrub); a click on a bar tells that request's story.
//!
//! Cheap to redraw at speed: the lanes are drawn in seconds inside a nested `<svg>` whose
//! `viewBox` slides with the clock, so while time runs only the `viewBox`, the cursor and the
//! axis labels change; the lanes themselves ([`Body`]) are derived and rendered again only when
//! the history or the prepared stretch changes ([`window::prepared`]).

mod data;
mod story;
mod window;

use data::{short_identifier, Lanes, Piece};
use story::Story;
use window::{prepared, scroll, ticks, visible, Span, Tick, Zoom};

use crate::app::use_playground;
use crate::components::event_log::HistoryKey;
use crate::state::{Action, Selection};
use crate::ticker::wall_now;
use engine::device::{Network, Screen, Thermal};
use engine::sim::Lifecycle;
use engine::time::Instant;
use std::rc::Rc;
use web_sys::Element;
use yew::prelude::*;

/// Height of the axis strip at the top, in pixels.
const AXIS: f64 = 22.0;
/// Height of a state lane.
const LANE: f64 = 12.0;
/// Height of the battery lane.
const BATTERY: f64 = 26.0;
/// Height of a task row.
const ROW: f64 = 18.0;
/// Space between lanes and rows.
const GAP: f64 = 6.0;
/// Space between the device lanes and the task rows.
const SECTION: f64 = 12.0;

/// The device and app lanes, top to bottom: label, height, and what the colours mean.
const LANES: [(&str, f64, &str); 7] = [
    ("Charger", LANE, "Green: on the charger."),
    (
        "Battery",
        BATTERY,
        "The battery level; yellow underneath: Low Power Mode.",
    ),
    (
        "Screen",
        LANE,
        "Dark blue: in use. Light blue: unlocked and idle. Empty: locked.",
    ),
    (
        "Network",
        LANE,
        "Teal: Wi-Fi. Purple: cellular. Red: offline.",
    ),
    (
        "Thermal",
        LANE,
        "Empty: nominal. Yellow: fair. Orange: serious. Red: critical.",
    ),
    (
        "App",
        LANE,
        "Blue: foreground. Light blue: background. Grey: suspended. Red: swiped away. Empty: not running.",
    ),
    ("Opened", LANE, "A mark each time the person opens the app."),
];

/// Vertical layout: where each lane and row sits.
struct Layout {
    lanes: Vec<(f64, f64)>,
    rows: Vec<f64>,
    height: f64,
}

impl Layout {
    fn new(rows: usize) -> Layout {
        let mut y = AXIS + GAP;
        let lanes = LANES
            .iter()
            .map(|(_, height, _)| {
                let lane = (y, *height);
                y += height + GAP;
                lane
            })
            .collect();
        y += SECTION;
        let rows = (0..rows.max(1))
            .map(|_| {
                let row = y;
                y += ROW + GAP;
                row
            })
            .collect();
        Layout {
            lanes,
            rows,
            height: y,
        }
    }
}

/// Seconds from `origin` to `t`: the lanes' horizontal unit.
fn secs(origin: Instant, t: Instant) -> f64 {
    (t - origin).as_secs_f64()
}

/// Seconds from `from` to `to` as an SVG length, exact (times are whole milliseconds) and
/// written with integer formatting: the lanes format every bar's position whenever they change,
/// and a float's `{:.3}` cost several times more.
fn seconds_text(from: Instant, to: Instant) -> String {
    let ms = (to - from).as_millis();
    let sign = if ms < 0 { "-" } else { "" };
    let ms = ms.unsigned_abs();
    match ms % 1000 {
        0 => format!("{sign}{}", ms / 1000),
        fraction => format!("{sign}{}.{fraction:03}", ms / 1000),
    }
}

/// The timeline card.
#[component]
pub fn Timeline() -> Html {
    let state = use_playground();
    let zoom = use_state(|| Zoom::SixHours);
    let scrolled_to = use_state(|| None::<Instant>);

    let sim = state.sim();
    let now = sim.now();
    // The earliest the run still holds in detail: its start, or DETAIL_DAYS days back.
    let run_start = sim.detail_since();
    let view = visible(*zoom, now, run_start, *scrolled_to);
    let stretch = prepared(*zoom, view, run_start);
    let lanes = use_memo(
        (HistoryKey::of(&sim), *zoom, stretch),
        |(_, zoom, stretch)| Lanes::of(&sim, *stretch, zoom.span()),
    );
    let bundle_id = sim.scenario().app.bundle_id.clone();
    drop(sim);

    let selected = match &state.selection {
        Some(Selection::Record(activity)) => Some(activity.clone()),
        _ => None,
    };
    let on_select = {
        let dispatcher = state.dispatcher();
        use_callback((), move |activity: String, _| {
            dispatcher.dispatch(Action::Select(Some(Selection::Record(activity))))
        })
    };
    let plot = use_node_ref();
    let jump = {
        let state = state.clone();
        let plot = plot.clone();
        // Yew delegates events to its root, so the event's current target is not the plot: the
        // plot's own box comes from its node.
        Callback::from(move |event: MouseEvent| {
            let Some(plot) = plot.cast::<Element>() else {
                return;
            };
            let rect = plot.get_bounding_client_rect();
            if rect.width() <= 0.0 {
                return;
            }
            let fraction = (f64::from(event.client_x()) - rect.left()) / rect.width();
            state.dispatch(Action::JumpTo {
                at: view.at_fraction(fraction),
                wall: wall_now(),
            });
        })
    };
    let scroll_by = |later: bool| {
        let scrolled_to = scrolled_to.clone();
        let zoom = *zoom;
        Callback::from(move |_: MouseEvent| scrolled_to.set(scroll(zoom, view, now, later)))
    };
    let follow_now = {
        let scrolled_to = scrolled_to.clone();
        Callback::from(move |_: MouseEvent| scrolled_to.set(None))
    };

    let layout = Layout::new(lanes.rows.len());
    let height = layout.height;
    let origin = stretch.from;
    let view_box = format!(
        "{:.3} 0 {:.3} {height}",
        secs(origin, view.from),
        view.length().as_secs_f64()
    );
    let now_x = secs(origin, now);
    let now_percent = view.percent(now);
    let following = scrolled_to.is_none();

    html! {
        <section class="card timeline-card" aria-labelledby="timeline-title">
            <div class="timeline-header">
                <h2 class="card-title" id="timeline-title">{ "Timeline" }</h2>
                <div class="timeline-nav">
                    <button type="button" class="icon-button" onclick={scroll_by(false)}
                        disabled={view.from <= run_start} aria-label="Show earlier"
                        title="Show earlier">
                        <svg viewBox="0 0 20 20" aria-hidden="true">
                            <path d="M12.5 4.5L7 10l5.5 5.5" fill="none" stroke="currentColor"
                                stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />
                        </svg>
                    </button>
                    <div class="segmented" role="group" aria-label="Zoom">
                        { for Zoom::ALL.iter().map(|&preset| {
                            let zoom = zoom.clone();
                            html! {
                                <button type="button" class="segment"
                                    aria-pressed={(*zoom == preset).to_string()}
                                    onclick={Callback::from(move |_: MouseEvent| zoom.set(preset))}>
                                    { preset.label() }
                                </button>
                            }
                        }) }
                    </div>
                    <button type="button" class="icon-button" onclick={scroll_by(true)}
                        disabled={following} aria-label="Show later" title="Show later">
                        <svg viewBox="0 0 20 20" aria-hidden="true">
                            <path d="M7.5 4.5L13 10l-5.5 5.5" fill="none" stroke="currentColor"
                                stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />
                        </svg>
                    </button>
                    if !following {
                        <button type="button" class="chip-button" onclick={follow_now}>
                            { "Back to now" }
                        </button>
                    }
                </div>
            </div>
            <div class="timeline-grid">
                <svg class="timeline-labels" height={height.to_string()} aria-hidden="true">
                    { for LANES.iter().zip(&layout.lanes).map(|((label, _, key), (y, h))| html! {
                        <g>
                            <title>{ *key }</title>
                            <text x="0" y={format!("{:.1}", y + h / 2.0)}>{ *label }</text>
                        </g>
                    }) }
                    { for lanes.rows.iter().zip(&layout.rows).map(|(row, y)| html! {
                        <g>
                            <title>{ &row.identifier }</title>
                            <text class="row-label" x="0" y={format!("{:.1}", y + ROW / 2.0)}>
                                { short_identifier(&row.identifier, &bundle_id) }
                            </text>
                        </g>
                    }) }
                </svg>
                <svg class="timeline-plot" ref={plot} height={height.to_string()} onclick={jump}
                    role="group"
                    aria-label={format!(
                        "The run from {} to {}. Click to jump to a time.",
                        view.from.hh_mm(),
                        view.to.hh_mm()
                    )}>
                    <svg class="timeline-lanes" x="0" y="0" width="100%" height={height.to_string()}
                        viewBox={view_box} preserveAspectRatio="none">
                        <defs>
                            <clipPath id="timeline-past">
                                <rect x="0" y="0" width={format!("{:.3}", now_x.max(0.0))}
                                    height={height.to_string()} />
                            </clipPath>
                        </defs>
                        <Body lanes={lanes.clone()} {selected} {on_select} />
                        <rect class="timeline-future" x={format!("{now_x:.3}")} y={AXIS.to_string()}
                            width={format!("{:.3}", stretch.length().as_secs_f64())}
                            height={(height - AXIS).to_string()} />
                        <line class="now-line" x1={format!("{now_x:.3}")} x2={format!("{now_x:.3}")}
                            y1="0" y2={height.to_string()} />
                    </svg>
                    // In groups of their own: as labels come and go, the lanes beside them
                    // must not be matched against a label and drawn again from scratch.
                    <g class="tick-labels">
                        { for ticks(*zoom, view).into_iter()
                            .map(|tick| (view.percent(tick.at), tick))
                            .filter(|(percent, _)| (3.0..=97.0).contains(percent))
                            .map(|(percent, tick)| html! {
                                <text class={classes!("tick-label", tick.major.then_some("is-major"))}
                                    x={format!("{percent:.3}%")} y="14">
                                    { tick.label }
                                </text>
                            }) }
                    </g>
                    <g class="now-knob-slot">
                        if (0.0..=100.0).contains(&now_percent) {
                            <svg class="now-knob" x={format!("{now_percent:.3}%")} y="0" overflow="visible">
                                <path d="M-5 16h10l-5 6z" />
                            </svg>
                        }
                    </g>
                </svg>
            </div>
            <Legend />
            if let Some(Selection::Record(activity)) = &state.selection {
                <Story activity={activity.clone()} />
            }
        </section>
    }
}

/// Props of [`Body`].
#[derive(Properties)]
struct BodyProps {
    lanes: Rc<Lanes>,
    selected: Option<String>,
    on_select: Callback<String>,
}

impl PartialEq for BodyProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.lanes, &other.lanes)
            && self.selected == other.selected
            && self.on_select == other.on_select
    }
}

/// The lanes and bars of a prepared stretch, in seconds from its start, clipped at now. Each
/// part is a component of its own that Yew skips while its data is the same: a change to the
/// history (an event, the quarter-hourly sample) mostly changes one lane or one row.
#[component]
fn Body(props: &BodyProps) -> Html {
    let lanes = &props.lanes;
    html! {
        <g clip-path="url(#timeline-past)">
            <Tracks span={lanes.span} rows={lanes.rows.len()} />
            <DeviceLanes lanes={lanes.clone()} />
            { for (0..lanes.rows.len()).map(|index| {
                // Only the row holding the selected request is told about it.
                let selected = props.selected.clone().filter(|selected| {
                    lanes.rows[index]
                        .runs
                        .iter()
                        .chain(&lanes.rows[index].waits)
                        .any(|piece| piece.activities.contains(selected))
                });
                html! {
                    <TaskRow key={lanes.rows[index].identifier.clone()} lanes={lanes.clone()}
                        {index} {selected} on_select={props.on_select.clone()} />
                }
            }) }
        </g>
    }
}

/// Props of [`Tracks`].
#[derive(Properties, PartialEq)]
struct TracksProps {
    span: Span,
    rows: usize,
}

/// The empty tracks of the lanes and rows, and the grid lines.
#[component]
fn Tracks(props: &TracksProps) -> Html {
    let TracksProps { span, rows } = *props;
    let origin = span.from;
    let layout = Layout::new(rows);
    let width = span.length().as_secs_f64();
    html! {
        <>
            { for layout.lanes.iter().map(|(y, h)| html! {
                <rect class="lane-track" x="0" y={y.to_string()} width={width.to_string()}
                    height={h.to_string()} />
            }) }
            { for layout.rows.iter().map(|y| html! {
                <rect class="lane-track" x="0" y={y.to_string()} width={width.to_string()}
                    height={ROW.to_string()} />
            }) }
            { for ticks_in(span).into_iter().map(|tick| html! {
                <line class={classes!("grid-line", tick.major.then_some("is-major"))}
                    x1={seconds_text(origin, tick.at)} x2={seconds_text(origin, tick.at)}
                    y1={AXIS.to_string()} y2={layout.height.to_string()} />
            }) }
        </>
    }
}

/// Props of [`DeviceLanes`]: equal when the stretch and the device's lanes are.
#[derive(Properties)]
struct DeviceLanesProps {
    lanes: Rc<Lanes>,
}

impl PartialEq for DeviceLanesProps {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&*self.lanes, &*other.lanes);
        Rc::ptr_eq(&self.lanes, &other.lanes) || (a.span == b.span && a.device == b.device)
    }
}

/// The device and app lanes: charger, battery, screen, network, thermal state, the app's
/// lifecycle, and when the person opened it.
#[component]
fn DeviceLanes(props: &DeviceLanesProps) -> Html {
    let span = props.lanes.span;
    let lanes = &props.lanes.device;
    let origin = span.from;
    // The lanes' places do not depend on how many rows follow them.
    let layout = Layout::new(0);
    let width = span.length().as_secs_f64();
    let x = |t: Instant| seconds_text(origin, t);
    let w = |from: Instant, to: Instant| seconds_text(from, to.max(from));
    let band = |lane: usize, from: Instant, to: Instant, class: &'static str| {
        let (y, h) = layout.lanes[lane];
        html! {
            <rect class={classes!("seg", class)} x={x(from)} y={y.to_string()}
                width={w(from, to)} height={h.to_string()} />
        }
    };
    let lane_of = |lane: usize, segments: Vec<(Instant, Instant, Option<&'static str>)>| {
        segments
            .into_iter()
            .filter_map(|(from, to, class)| class.map(|class| band(lane, from, to, class)))
            .collect::<Html>()
    };

    let (battery_y, battery_h) = layout.lanes[1];
    let level_y = |level: f64| battery_y + battery_h * (1.0 - level.clamp(0.0, 100.0) / 100.0);
    let battery_points = lanes
        .battery
        .iter()
        .map(|(at, level)| format!("{},{:.1}", x(*at), level_y(*level)))
        .chain(
            lanes
                .battery
                .last()
                .map(|(_, level)| format!("{width:.3},{:.1}", level_y(*level))),
        )
        .collect::<Vec<_>>()
        .join(" ");
    let (opens_y, opens_h) = layout.lanes[6];
    let mark = span.length().mul_f64(0.002).as_secs_f64();

    html! {
        <>
            { for lanes.charger.iter().map(|s| band(0, s.from, s.to, "seg-charger")) }
            { for lanes.low_power.iter().map(|s| html! {
                <rect class="seg seg-low-power" x={x(s.from)}
                    y={(battery_y + battery_h - 5.0).to_string()} width={w(s.from, s.to)} height="5" />
            }) }
            <polyline class="battery-line" points={battery_points} />
            { lane_of(2, lanes.screen.iter().map(|s| (s.from, s.to, screen_class(s.value))).collect()) }
            { lane_of(3, lanes.network.iter().map(|s| (s.from, s.to, network_class(s.value))).collect()) }
            { lane_of(4, lanes.thermal.iter().map(|s| (s.from, s.to, thermal_class(s.value))).collect()) }
            { lane_of(5, lanes.app.iter().map(|s| (s.from, s.to, lifecycle_class(s.value))).collect()) }
            { for lanes.opens.iter().map(|at| html! {
                <rect class="seg seg-open" x={x(*at)} y={opens_y.to_string()}
                    width={format!("{mark:.3}")} height={opens_h.to_string()} />
            }) }
        </>
    }
}

/// Props of [`TaskRow`]: equal when the row, its place and its selection are.
#[derive(Properties)]
struct TaskRowProps {
    lanes: Rc<Lanes>,
    index: usize,
    /// The selected request, when this row holds it.
    selected: Option<String>,
    on_select: Callback<String>,
}

impl PartialEq for TaskRowProps {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&*self.lanes, &*other.lanes);
        self.index == other.index
            && self.selected == other.selected
            && self.on_select == other.on_select
            && (Rc::ptr_eq(&self.lanes, &other.lanes)
                || (a.span == b.span
                    && a.rows.len() == b.rows.len()
                    && a.rows[self.index] == b.rows[other.index]))
    }
}

/// One task identifier's row: its requests' waiting and running bars.
#[component]
fn TaskRow(props: &TaskRowProps) -> Html {
    let lanes = &props.lanes;
    let row = &lanes.rows[props.index];
    let y = Layout::new(lanes.rows.len()).rows[props.index];
    let origin = lanes.span.from;
    html! {
        <g class="task-row">
            { for row.waits.iter().map(|piece| {
                bar(piece, &row.identifier, origin, (y + 4.0, ROW - 8.0), false, props)
            }) }
            { for row.runs.iter().map(|piece| {
                bar(piece, &row.identifier, origin, (y, ROW), true, props)
            }) }
        </g>
    }
}

/// The grid lines for a prepared stretch: ticks at the finest step that keeps them sparse.
fn ticks_in(span: Span) -> Vec<Tick> {
    let zoom = Zoom::ALL
        .into_iter()
        .find(|zoom| zoom.span().mul_f64(1.5) >= span.length())
        .unwrap_or(Zoom::Week);
    ticks(zoom, span)
}

/// One bar: a button that tells the story of its (latest) request. `band` is its top and height;
/// `run` says it is a running bar rather than a waiting one.
fn bar(
    piece: &Piece,
    identifier: &str,
    origin: Instant,
    band: (f64, f64),
    run: bool,
    props: &TaskRowProps,
) -> Html {
    let Some(latest) = piece.activities.last().cloned() else {
        return html! {};
    };
    // A waiting bar merged from many requests is not outlined for one of them.
    let selected = props.selected.as_ref().is_some_and(|selected| {
        piece.activities.contains(selected) && (run || piece.activities.len() == 1)
    });
    let title = bar_title(piece, identifier);
    let select = {
        let on_select = props.on_select.clone();
        let latest = latest.clone();
        Callback::from(move |event: MouseEvent| {
            event.stop_propagation();
            on_select.emit(latest.clone());
        })
    };
    let press = {
        let on_select = props.on_select.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" || event.key() == " " {
                event.prevent_default();
                on_select.emit(latest.clone());
            }
        })
    };
    html! {
        <rect class={classes!(
                "bar",
                piece.bar.class(),
                piece.by_debugger.then_some("is-debugger"),
                selected.then_some("is-selected"),
            )}
            x={seconds_text(origin, piece.from)} y={band.0.to_string()}
            width={seconds_text(piece.from, piece.to.max(piece.from))}
            height={band.1.to_string()}
            tabindex="0" role="button" aria-label={title.clone()}
            onclick={select} onkeydown={press}>
            <title>{ title }</title>
        </rect>
    }
}

/// The bar's tooltip and accessible name.
fn bar_title(piece: &Piece, identifier: &str) -> String {
    let what = piece.bar.describe();
    let debugger = if piece.by_debugger {
        ", launched by the debugger"
    } else {
        ""
    };
    match piece.activities.len() {
        1 => format!(
            "{identifier}: {what} from {}{debugger}. Click for its story.",
            piece.from.hh_mm_ss()
        ),
        n => format!(
            "{identifier}: {n} requests {what}, {} to {}{debugger}. Click for the latest one's story.",
            piece.from.hh_mm(),
            piece.to.hh_mm()
        ),
    }
}

fn screen_class(screen: Screen) -> Option<&'static str> {
    match screen {
        Screen::InUse => Some("seg-in-use"),
        Screen::Idle => Some("seg-idle"),
        Screen::Locked => None,
    }
}

fn network_class(network: Network) -> Option<&'static str> {
    Some(match network {
        Network::Wifi => "seg-wifi",
        Network::Cellular => "seg-cellular",
        Network::Offline => "seg-offline",
    })
}

fn thermal_class(thermal: Thermal) -> Option<&'static str> {
    match thermal {
        Thermal::Nominal => None,
        Thermal::Fair => Some("seg-fair"),
        Thermal::Serious => Some("seg-serious"),
        Thermal::Critical => Some("seg-critical"),
    }
}

fn lifecycle_class(lifecycle: Lifecycle) -> Option<&'static str> {
    match lifecycle {
        Lifecycle::Foreground => Some("seg-foreground"),
        Lifecycle::Background => Some("seg-background"),
        Lifecycle::Suspended => Some("seg-suspended"),
        Lifecycle::SwipedAway => Some("seg-swiped"),
        Lifecycle::NotRunning | Lifecycle::Terminated => None,
    }
}

/// What the bars' colours mean.
#[component]
fn Legend() -> Html {
    const KEYS: [(&str, &str); 8] = [
        ("bar-queued", "before earliestBeginDate"),
        ("bar-waiting", "waiting for dasd"),
        ("bar-running", "running"),
        ("bar-completed", "completed"),
        ("bar-failed", "failed"),
        ("bar-expired", "expired"),
        ("bar-killed", "killed"),
        ("bar-dropped", "canceled or replaced"),
    ];
    html! {
        <ul class="timeline-legend" aria-label="What the bars' colours mean">
            { for KEYS.iter().map(|(class, words)| html! {
                <li>
                    <svg class="legend-swatch" viewBox="0 0 12 12" aria-hidden="true">
                        <rect class={classes!("legend-bar", *class)} x="0" y="1" width="12"
                            height="10" rx="2.5" />
                    </svg>
                    { *words }
                </li>
            }) }
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::data::Bar;
    use super::*;
    use engine::log::Outcome;
    use engine::time::Duration;

    #[test]
    fn layout_stacks_lanes_then_rows() {
        let layout = Layout::new(2);
        assert_eq!(layout.lanes.len(), LANES.len());
        assert_eq!(layout.lanes[0].0, AXIS + GAP);
        assert!(layout.rows[0] > layout.lanes.last().unwrap().0);
        assert_eq!(layout.rows[1] - layout.rows[0], ROW + GAP);
        assert_eq!(layout.height, layout.rows[1] + ROW + GAP);
        assert_eq!(Layout::new(0).rows.len(), 1);
    }

    #[test]
    fn seconds_are_written_exactly_without_needless_zeros() {
        let origin = Instant::from_millis(86_400_000);
        let at = |ms: i64| origin + Duration::from_millis(ms);
        assert_eq!(seconds_text(origin, at(0)), "0");
        assert_eq!(seconds_text(origin, at(172_800_000)), "172800");
        assert_eq!(seconds_text(origin, at(1_250)), "1.250");
        assert_eq!(seconds_text(origin, at(7)), "0.007");
        assert_eq!(seconds_text(origin, at(-2_500)), "-2.500");
        assert_eq!(seconds_text(origin, at(-400)), "-0.400");
    }

    #[test]
    fn bar_titles_name_the_request_and_the_outcome() {
        let from = Instant::from_millis(8 * 3_600_000);
        let piece = Piece {
            from,
            to: from + Duration::from_secs(8),
            bar: Bar::Ended(Outcome::Expired),
            activities: vec!["bgRefresh-x:1".into()],
            by_debugger: true,
        };
        assert_eq!(
            bar_title(&piece, "x"),
            "x: expired from 08:00:00, launched by the debugger. Click for its story."
        );
        let merged = Piece {
            activities: vec!["a".into(), "b".into()],
            by_debugger: false,
            to: from + Duration::from_hours(2),
            ..piece
        };
        assert!(bar_title(&merged, "x").starts_with("x: 2 requests expired, 08:00 to 10:00"));
    }

    #[test]
    fn grid_lines_stay_sparse_for_any_stretch() {
        let from = Instant::from_millis(0);
        for zoom in Zoom::ALL {
            let span = Span {
                from,
                to: from + zoom.span().mul_f64(1.5),
            };
            let count = ticks_in(span).len();
            assert!((4..=20).contains(&count), "{zoom:?}: {count} ticks");
        }
    }
}
