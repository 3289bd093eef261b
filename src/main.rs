//! Entry point of the web app: mounts [`playground::App`] on the page's `<body>`.

fn main() {
    yew::Renderer::<playground::App>::new().render();
}
