package io.tracker.admin;

import java.net.URI;
import java.util.List;

/**
 * The instances of one Streams app that this API may ask, in the order it asks them; any instance answers for all
 * partitions, so the list is for failing over, not for spreading. {@code name} is what a 503 calls the app.
 */
record AppInstances(String name, List<URI> urls) {}
