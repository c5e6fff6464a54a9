"""A known synthetic MRIO in the CEADs blocks, written in the published file layouts.

``mrio(regions)`` draws a balanced R x 42 MRIO (gross output x = Z 1 + F 1 + Export equals
inputs Z' 1 + imports + value added); the writers put it into a city ``.mat`` struct (v5 by
scipy.io, v7.3 by the adapter's writer) and into a provincial workbook laid out as CEADs'
(title row, province row merged over each 42-column block, sector-name row, code row; rows
labelled by province, sector name and code; final demand, exports, total output; imports and
value-added rows below).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import scipy.io
from openpyxl import Workbook

from nqpf.adapters.ceads_mat import write_mat_v73

S = 42
CATEGORIES_ZH = ("农村居民消费", "城镇居民消费", "政府消费", "固定资本形成总额", "存货增加")
VA_ZH = ("劳动者报酬", "生产税净额", "固定资产折旧", "营业盈余")


def mrio(regions: int, seed: int = 1) -> dict[str, np.ndarray]:
    """Blocks in MATLAB shapes: Z (N, N), F (N, 5R), VA (5, N), IM (1, N + 5R), Export (N, 1).
    About one Z cell in five is zero; values are multiples of 1/4 (exact in every format)."""
    rng = np.random.default_rng(seed)
    n = regions * S
    Z = rng.integers(0, 40, (n, n)) / 4 * (rng.random((n, n)) > 0.2)
    F = rng.integers(0, 400, (n, 5 * regions)) / 4
    F[:, 4::5] -= 20  # inventory change may be negative
    export = rng.integers(0, 400, (n, 1)) / 4
    x = Z.sum(axis=1) + F.sum(axis=1) + export[:, 0]
    IM = np.r_[rng.integers(0, 40, n), rng.integers(0, 40, 5 * regions)][None, :] / 4
    total = x - Z.sum(axis=0) - IM[0, :n]
    comp = np.floor(total * 2) / 4  # about half, exact quarters
    taxes = np.floor(total * 0.4) / 4
    dep = np.floor(total * 0.6) / 4
    VA = np.vstack([comp, taxes, dep, total - comp - taxes - dep, total])
    return {"Z": Z, "F": F, "VA": VA, "IM": IM, "Export": export}


def write_mat_v5(path: Path, blocks: dict[str, np.ndarray], imports: str = "IM") -> Path:
    fields = {imports if k == "IM" else k: v for k, v in blocks.items()}
    scipy.io.savemat(path, {"MRIO": fields}, format="5")
    return path


def write_mat(path: Path, blocks: dict[str, np.ndarray]) -> Path:
    write_mat_v73(path, blocks)
    return path


def write_provincial(path: Path, blocks: dict[str, np.ndarray], provinces: list[str],
                     sheet: str = "Table_2017_consistent", sector_order: list[int] | None = None
                     ) -> Path:
    """The provincial workbook; ``sector_order`` lists sectors within each block in another
    order (rows and columns alike) to show they are found by code."""
    R = len(provinces)
    n = R * S
    order = sector_order or list(range(S))
    perm = np.array([r * S + s for r in range(R) for s in order])
    Z, F = blocks["Z"][np.ix_(perm, perm)], blocks["F"][perm]
    export, VA = blocks["Export"][perm, 0], blocks["VA"][:, perm]
    IM = np.r_[blocks["IM"][0, :n][perm], blocks["IM"][0, n:]]
    x = Z.sum(axis=1) + F.sum(axis=1) + export
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.cell(1, 1, "2017年中国31省区市投入产出表（单位：万元）")
    first_z, first_fd = 4, 4 + n + 1
    for r, prov in enumerate(provinces):
        ws.cell(2, first_z + r * S, prov)
        ws.merge_cells(start_row=2, start_column=first_z + r * S, end_row=2,
                       end_column=first_z + r * S + S - 1)
        for k, s in enumerate(order):
            ws.cell(3, first_z + r * S + k, f"部门{s + 1}")
            ws.cell(4, first_z + r * S + k, f"{s + 1:02d}")
        ws.cell(2, first_fd + r * 5, prov)
        ws.merge_cells(start_row=2, start_column=first_fd + r * 5, end_row=2,
                       end_column=first_fd + r * 5 + 4)
        for c, label in enumerate(CATEGORIES_ZH):
            ws.cell(3, first_fd + r * 5 + c, label)
    ws.cell(3, first_fd - 1, "中间使用合计")
    after = first_fd + 5 * R
    for k, label in enumerate(("出口", "最终使用合计", "其他", "总产出")):
        ws.cell(3, after + k, label)
    for i in range(n):
        row = 5 + i
        region, s = divmod(i, S)
        if i % S == 0:
            ws.cell(row, 1, provinces[region])
        ws.cell(row, 2, f"部门{order[s] + 1}")
        ws.cell(row, 3, order[s] + 1)  # a number, as Excel stores the code
        for j in range(n):
            if Z[i, j]:
                ws.cell(row, first_z + j, float(Z[i, j]))
        ws.cell(row, first_fd - 1, float(Z[i].sum()))
        for j in range(5 * R):
            ws.cell(row, first_fd + j, float(F[i, j]))
        ws.cell(row, after, float(export[i]))
        ws.cell(row, after + 1, float(F[i].sum() + export[i]))
        ws.cell(row, after + 3, float(x[i]))
    bottom = 5 + n
    ws.cell(bottom, 1, "进口")
    for j in range(n):
        ws.cell(bottom, first_z + j, float(IM[j]))
    for j in range(5 * R):
        ws.cell(bottom, first_fd + j, float(IM[n + j]))
    labels = ["中间投入合计", *VA_ZH, "增加值合计", "总投入"]
    rows = [Z.sum(axis=0), *VA[:4], VA[4], x]
    for k, (label, values) in enumerate(zip(labels, rows, strict=True)):
        ws.cell(bottom + 1 + k, 1, label)
        for j in range(n):
            ws.cell(bottom + 1 + k, first_z + j, float(values[j]))
    wb.save(path)
    return path
