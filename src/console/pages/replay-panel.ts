import { html, type Html } from '../html.ts'
import { notice } from './layout.ts'

/**
 * The replay controls the script drives: a dry run first, then the replay of the same selection,
 * each result shown. With no `ADMIN_TOKEN` configured it only says why replay is off. Without
 * the script it says what replay needs: the token travels in a header, which a form cannot set
 * (so a form on another site cannot replay either).
 */
export function replayPanel(enabled: boolean, position?: string): Html {
  if (!enabled) {
    return html`<section id="replay" class="replay" data-enabled="false">
      <h2>Replay</h2>
      ${notice('info', 'Replay is disabled: ADMIN_TOKEN is not set on this bridge.')}
    </section>`
  }
  const what = position === undefined ? 'each selected dead letter' : 'this dead letter'
  return html`<section
    id="replay"
    class="replay"
    data-enabled="true"
    ${position === undefined ? '' : html` data-position="${position}"`}
  >
    <h2>Replay</h2>
    <p>
      Re-verifies ${what} with today's secrets, maps it with today's adapters and publishes only
      events not on the topics yet: the code of <code>switchboard replay</code>. A dry run comes
      first.
    </p>
    <p class="needs-script">
      Replay from this page needs JavaScript (the token travels in an
      <code>Authorization</code> header); scripts can use
      <code>POST /api/dead-letters/replay</code>.
    </p>
    <div class="with-script">
      <label
        >Admin token <input type="password" name="token" autocomplete="off" spellcheck="false"
      /></label>
      <button type="button" data-action="dry-run">Dry run</button>
      <button type="button" data-action="replay" disabled>Replay</button>
      <span class="replay-status" role="status"></span>
    </div>
    <div id="replay-results" aria-live="polite"></div>
  </section>`
}
