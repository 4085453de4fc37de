"""`formkit serve`: the local web page (formkit.serve) on 127.0.0.1, opened in the browser."""

from __future__ import annotations

import os

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback needs --token or FORMKIT_SERVE_PASSWORD.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--data", "data_dir", default="formkit-data", show_default=True, metavar="DIR",
              type=click.Path(file_okay=False), help="Folder for everything the page keeps (forms, overlays, drafts).")
@click.option("--token", "use_token", is_flag=True,
              help="Guard the page with an access token, made now and printed once.")
@click.option("--db", "store_url", metavar="URL", default=None,
              help="The answer store (formkit.store): a database URL; default: formkit.db in the data folder.")
@click.option("--no-browser", is_flag=True, help="Do not open the browser.")
def serve(host: str, port: int, data_dir: str, use_token: bool, store_url: str | None, no_browser: bool) -> None:
    """Start the local web page: documents, overlay editor, fill a form, upload forms.

    For people who do not use a command line. It listens on 127.0.0.1 (this computer only)
    and makes no outbound connection. To share it on a network, use --token or set
    FORMKIT_SERVE_PASSWORD; for a shared deployment run formkit.serve under a WSGI server
    (see the README). Stop it with Ctrl-C.

    \b
    Example:
      formkit serve
      formkit serve --host 0.0.0.0 --token --data /srv/formkit
    """
    from ...serve import ServeSettings, check_bind, create_app
    from ...serve.settings import new_token

    token = new_token() if use_token else None
    settings = ServeSettings(data_dir=data_dir, token=token, store_url=store_url,
                             password=os.environ.get("FORMKIT_SERVE_PASSWORD") or None)
    check_bind(host, settings)
    app = create_app(settings)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    click.echo(f"formkit serve: {url} (data in {data_dir}/; Ctrl-C stops it)")
    if not no_browser:
        import threading
        import webbrowser

        threading.Timer(0.8, webbrowser.open, args=(url,)).start()
    from werkzeug.serving import run_simple

    run_simple(host, port, app, threaded=True, use_reloader=False, use_debugger=False)
