package org.leakcheck.client;

import java.time.Instant;

import org.leakcheck.protocol.lookup.DisclosurePolicy;

/**
 * A dataset whose end date has come, as {@code /v2/info} still lists it (docs/protocol.md §7.4):
 * no load, so it is never searched; what remains says it was served and whom to ask.
 *
 * @param id          dataset id
 * @param title       short title (may be empty)
 * @param description longer description (may be empty)
 * @param servedUntil when it stopped being served
 * @param disclosure  the policy it was served under
 * @param notice      the controller's notice
 */
public record EndedDataset(String id, String title, String description, Instant servedUntil,
                           DisclosurePolicy disclosure, Notice notice) {

    /** The title, or the id when the title is empty. */
    public String displayName() {
        return title.isBlank() ? id : title;
    }
}
