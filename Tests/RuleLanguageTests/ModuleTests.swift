import RuleLanguage
import Testing
