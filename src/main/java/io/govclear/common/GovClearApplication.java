package io.govclear.common;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** OpenAPI description of the engine and of the unit request signature. */
@OpenAPIDefinition(info = @Info(title = "GovClear", version = "1",
        description = "Payment clearing for government non-tax revenue. Errors are RFC 9457 problem details."),
        components = @Components(securitySchemes = @SecurityScheme(securitySchemeName = "unitSignature",
                type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER, apiKeyName = "X-GovClear-Signature",
                description = "Also send X-GovClear-Unit, X-GovClear-Timestamp (Unix seconds, within 300 s) and "
                        + "X-GovClear-Nonce (16-64 characters, never reused within 10 minutes). Signature = "
                        + "Base64(HMAC-SHA256(secret, METHOD\\nPATH_WITH_QUERY\\nTIMESTAMP\\nNONCE\\n"
                        + "hex(SHA-256(body))))")))
public class GovClearApplication extends Application {
}
