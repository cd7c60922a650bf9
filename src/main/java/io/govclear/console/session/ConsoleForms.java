package io.govclear.console.session;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a console resource whose writes are HTML forms: its CSRF token may come in the form field (the form is read
 * before the check, {@link CsrfCheck.Forms}). Every other endpoint a console session writes to takes the header. Only
 * form resources may carry it: reading a form first would consume a body that a signed or channel endpoint reads raw.
 */
@NameBinding
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
public @interface ConsoleForms {
}
