"""The board pack is built by the background worker: a year's figures, charts and a PDF take
seconds, more than a page should make a colleague wait."""

import time

from django.tasks import task

from governance.actions import fail_board_pack, report_board_pack_progress, store_board_pack
from governance.board_pack import build_files
from governance.models import BoardPack


@task()
def build_board_pack(pack_id: int) -> str:
    """Build once: a pack already built (a retry, a second worker) is left as it is."""
    pack = BoardPack.objects.select_related("requested_by").filter(pk=pack_id).first()
    if pack is None or pack.is_finished:
        return "nothing to do"
    started = time.perf_counter()

    def progress(percent: int, step: str) -> None:
        report_board_pack_progress(pack=pack, progress=percent, step=step)

    try:
        pdf, csv_zip = build_files(pack, progress=progress)
    except Exception as error:
        # The colleague sees that it failed and can ask again; the worker logs the detail.
        fail_board_pack(pack=pack, reason=f"{type(error).__name__}")
        raise
    store_board_pack(pack=pack, pdf=pdf, csv_zip=csv_zip, seconds=time.perf_counter() - started)
    return "built"
