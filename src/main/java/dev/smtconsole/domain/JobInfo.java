package dev.smtconsole.domain;

/** A job with its product, as the form prints it. {@code placementsPerBoard} is null when unknown. */
public record JobInfo(long jobId, String jobNo, String productModel, Integer placementsPerBoard) {
}
