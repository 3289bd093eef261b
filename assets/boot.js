// Starts the app. Trunk writes the hashed file names of wasm-bindgen's JS glue and of the wasm
// module on <meta name="playground-app"> (see `pattern_script` in Trunk.toml). Loading them from
// this file, rather than from Trunk's default inline loader, lets the Content-Security-Policy
// forbid every inline script.
//
// It also makes sure a failure never leaves a blank page: if the wasm cannot load, or traps
// without a Rust panic (out of memory, stack overflow; a panic shows its own panel, see
// src/failure.rs), a plain panel says so. And once the app runs, it registers the service worker
// (sw.js, beside index.html) that lets the site open offline after one visit.
const app = document.querySelector('meta[name="playground-app"]');
// The key src/persist.rs saves the session under: the panel's "Start fresh" forgets it.
const SESSION_KEY = 'background-tasks-playground.session';
try {
  const { default: init } = await import(new URL(app.dataset.js, document.baseURI).href);
  await init({ module_or_path: new URL(app.dataset.wasm, document.baseURI) });
  // The app has drawn itself: the placeholder shown since the first paint goes.
  document.getElementById('boot-shell')?.remove();
  addEventListener('error', (event) => stopped(event.error));
  addEventListener('unhandledrejection', (event) => stopped(event.reason));
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker
      .register(new URL('sw.js', document.baseURI))
      .catch((error) => console.warn('The playground will not work offline:', error));
  }
} catch (error) {
  // A Rust panic while starting has shown its own panel and report already.
  if (!document.getElementById('failure')) console.error('The playground could not start:', error);
  showFailure(
    'The playground could not start',
    'Your browser could not load or start the playground\'s WebAssembly module. Check your ' +
      'connection and reload; the playground needs a current browser with WebAssembly ' +
      '(Chrome, Edge, Firefox or Safari).',
    error,
  );
}

/** A trap in the running wasm that no panic explained: the app cannot go on. */
function stopped(error) {
  if (error instanceof WebAssembly.RuntimeError) {
    showFailure(
      'The playground stopped',
      'The playground ran into an error it cannot recover from (out of memory, or a bug). It ' +
        'was not something you did, and nothing has been sent anywhere. Reload to try again; if ' +
        'it stops again, start fresh.',
      error,
    );
  }
}

/**
 * Hides the page and shows a plain error panel (unless src/failure.rs already shows one): a
 * heading, `explanation`, a read-only report and buttons to copy it, reload, or start fresh.
 * Text only: nothing is ever parsed as HTML.
 */
function showFailure(title, explanation, error) {
  document.getElementById('boot-shell')?.remove();
  if (document.getElementById('failure')) return;
  document.title = `${title} – Background Tasks Playground`;
  const add = (parent, tag, className, text = '') => {
    const element = parent.appendChild(document.createElement(tag));
    element.className = className;
    element.textContent = text;
    return element;
  };
  const panel = add(document.body, 'main', 'failure');
  panel.id = 'failure';
  panel.setAttribute('aria-labelledby', 'failure-title');
  const card = add(panel, 'div', 'failure-card');
  const heading = add(card, 'h1', 'failure-title', title);
  heading.id = 'failure-title';
  heading.tabIndex = -1;
  add(card, 'p', 'failure-text', explanation);
  add(card, 'label', 'failure-label', 'Report').htmlFor = 'failure-report';
  // In a <div> of its own, so the label sits above it even without CSS.
  const report = add(add(card, 'div', ''), 'textarea', 'failure-report');
  Object.assign(report, { id: 'failure-report', readOnly: true, rows: 9, cols: 80, spellcheck: false });
  report.value = [
    `Background Tasks Playground: ${title.toLowerCase()}`,
    `Error: ${error?.name ?? 'Error'}: ${error?.message ?? error}`,
    `Build: ${app?.dataset.wasm?.replace(/^\.\//, '') ?? '(unknown)'}`,
    `Time: ${new Date().toISOString()}`,
    `Browser: ${navigator.userAgent}`,
    `Link: ${location.href}`,
    '',
  ].join('\n');
  const actions = add(card, 'div', 'failure-actions');
  const status = add(card, 'p', 'failure-status');
  status.setAttribute('role', 'status');
  const button = (className, text, onClick) => {
    const element = add(actions, 'button', className, text);
    element.type = 'button';
    element.addEventListener('click', onClick);
  };
  const byHand = () => {
    report.focus();
    report.select();
    status.textContent =
      'This browser did not let the page copy. The report is selected: press Ctrl+C (⌘C on a Mac) to copy it.';
  };
  button('button button-primary', 'Copy report', () => {
    if (!navigator.clipboard) return byHand();
    navigator.clipboard.writeText(report.value).then(() => {
      status.textContent = 'Report copied.';
    }, byHand);
  });
  button('button', 'Reload', () => location.reload());
  button('button', 'Start fresh', () => {
    try {
      localStorage.removeItem(SESSION_KEY);
    } catch {
      // Storage may be unavailable (blocked cookies): there is nothing saved then.
    }
    // Load the page again without the fragment, in one navigation.
    location.replace(location.pathname + location.search);
  });
  // Only now that the panel stands, hide what the app drew, from sight, keyboard and screen readers.
  for (const child of document.body.children) {
    if (child !== panel) Object.assign(child, { hidden: true, inert: true });
  }
  heading.focus();
}
