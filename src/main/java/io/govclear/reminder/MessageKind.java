package io.govclear.reminder;

/** What a message tells the payer: the due date is near, or it has passed (with the late fee as of that day). */
public enum MessageKind {
    DUE_SOON, OVERDUE
}
