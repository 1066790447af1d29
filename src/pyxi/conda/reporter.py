"""rattler's install callbacks → pyxi's progress bars (`progress.Transfer`): packages
downloaded, with bytes, and packages linked."""

from __future__ import annotations

from itertools import count

from rattler import InstallerReporter

from pyxi.progress import Transfer


class TransferReporter(InstallerReporter):
    """The callbacks pyxi shows; rattler's defaults (nothing) for the others."""

    def __init__(self, transfer: Transfer) -> None:
        self.transfer = transfer
        self._tokens = count()

    def on_transaction_start(self, total_operations: int) -> None:
        self.transfer.expect(total_operations)

    def on_download_start(self, cache_entry: int) -> int:
        token = next(self._tokens)
        self.transfer.download_started(token)
        return token

    def on_download_progress(self, download_idx: int, progress: int, total: int | None) -> None:
        self.transfer.download_progress(download_idx, progress, total)

    def on_download_completed(self, download_idx: int) -> None:
        self.transfer.download_done(download_idx)

    def on_link_complete(self, index: int) -> None:
        self.transfer.linked()

    # The rest of rattler's callbacks: nothing to show.
    def on_transaction_operation_start(self, operation: int) -> None:
        return None

    def on_validate_complete(self, validate_idx: int) -> None:
        return None

    def on_populate_cache_complete(self, cache_entry: int) -> None:
        return None

    def on_unlink_complete(self, index: int) -> None:
        return None

    def on_transaction_operation_complete(self, operation: int) -> None:
        return None

    def on_transaction_complete(self) -> None:
        return None

    def on_post_link_complete(self, index: int, success: bool) -> None:
        return None

    def on_pre_unlink_complete(self, index: int, success: bool) -> None:
        return None
