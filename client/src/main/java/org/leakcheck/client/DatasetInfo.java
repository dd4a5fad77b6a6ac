package org.leakcheck.client;

import java.time.Instant;

/**
 * One served dataset, as {@code /v1/info} describes it.
 *
 * @param id          dataset id
 * @param title       short title (may be empty)
 * @param description longer description (may be empty)
 * @param patients    number of persons in it
 * @param loadedAt    when it was loaded
 */
public record DatasetInfo(String id, String title, String description, long patients, Instant loadedAt) {

    /** The title, or the id when the title is empty. */
    public String displayName() {
        return title.isBlank() ? id : title;
    }
}
