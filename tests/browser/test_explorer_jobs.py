"""The jobs list in Chromium: every job the escrow holds, in its on-chain state, newest first; the state
filter keeps only that state."""

from __future__ import annotations

from protocol.contracts import JobStatus


def test_jobs__chain_history__each_job_in_its_state(web_server, device_page, screenshot):
    page = device_page
    web_server.wait_indexed()
    page.goto(web_server.url + "/jobs")
    chain = web_server.chain
    count = chain.escrow.functions.job_count().call()
    rows = page.locator("#jobs-table tbody tr")
    assert rows.count() == count
    for i in range(count):
        job_id = count - i
        row = rows.nth(i)
        assert row.get_attribute("data-job-id") == str(job_id)
        assert row.locator(".badge").first.inner_text() == chain.get_job(job_id).status.label
    screenshot(page, f"explorer_jobs_{page.device}")


def test_jobs__filter_settled__only_settled_jobs(web_server, desktop_page):
    page = desktop_page
    page.goto(web_server.url + "/jobs")
    page.get_by_role("link", name="settled").first.click()
    page.wait_for_url("**/jobs?state=settled")
    chain = web_server.chain
    settled = [
        j
        for j in range(1, chain.escrow.functions.job_count().call() + 1)
        if chain.get_job(j).status == JobStatus.SETTLED
    ]
    ids = page.locator("#jobs-table tbody tr").evaluate_all("rows => rows.map(r => Number(r.dataset.jobId))")
    assert sorted(ids) == settled and web_server.history.settled_job in ids
